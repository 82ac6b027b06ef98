/**
 * A separate process writing the shared ledger file (the two-writers test): `count` jobs tagged
 * with `tag`, each its own locked read-modify-write, then exits.
 */
import { FileLedgerStorage, JobLedger } from "../../../src/core/jobs";
import { silentLogger } from "../../../src/core/support";

async function main(): Promise<void> {
  const [file, tag, count] = process.argv.slice(2);
  const ledger = new JobLedger(new FileLedgerStorage(file, silentLogger), { logger: silentLogger });
  for (let i = 0; i < Number(count); i++) {
    const job = await ledger.create({ kind: "generate", surface: "mcp", prompt: `${tag} ${i}` });
    await ledger.update(job.id, { state: "done" });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(String(err));
    process.exit(1);
  },
);
