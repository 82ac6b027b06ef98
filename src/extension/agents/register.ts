/**
 * Activation-time registration of the agent surfaces, kept cheap: feature detection and small
 * forwarding objects only. The language model tools, the `@imagegen` participant and the MCP
 * server definition provider each load their real module (and touch the client) on first use.
 */
import * as vscode from "vscode";
import { LM_TOOL_NAMES, type LmToolName, lmToolName } from "../../core/agents/names";
import type { AgentContext } from "../contracts/agent-surface";
import type { HeavyModule } from "../contracts/heavy";
import { heavy } from "../lazy";
import { registerMcpProvider } from "./mcp-provider";

export const PARTICIPANT_ID = "imageGeneration.imagegen";

/** The heavy half of the agent surfaces (entry.ts, inside dist/client.js), loaded on the first tool call or chat request. */
async function agents(): Promise<HeavyModule> {
  return heavy();
}

/** Each language model tool: a forwarder to lm-tools.ts, loaded on its first call. */
function lazyTool(name: LmToolName, getCtx: () => AgentContext): vscode.LanguageModelTool<unknown> {
  return {
    prepareInvocation: async (options) => (await agents()).prepareAgentTool(getCtx(), name, options),
    invoke: async (options, token) => (await agents()).invokeAgentTool(getCtx(), name, options, token),
  };
}

function registerTools(getCtx: () => AgentContext, log: (message: string) => void): vscode.Disposable[] {
  const lm = (vscode as { lm?: Partial<typeof vscode.lm> }).lm;
  if (typeof lm?.registerTool !== "function") return [];
  const out: vscode.Disposable[] = [];
  for (const name of LM_TOOL_NAMES) {
    try {
      out.push(lm.registerTool(lmToolName(name), lazyTool(name, getCtx)));
    } catch (err) {
      // A fork without the contribution point, or a name taken by another extension: the rest still works.
      log(`Could not register the language model tool ${lmToolName(name)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return out;
}

function registerParticipant(context: vscode.ExtensionContext, getCtx: () => AgentContext): vscode.Disposable[] {
  const chat = (vscode as { chat?: Partial<typeof vscode.chat> }).chat;
  if (typeof chat?.createChatParticipant !== "function") return [];
  const participant = chat.createChatParticipant(PARTICIPANT_ID, async (request, _chatContext, stream, token) =>
    (await agents()).handleParticipantRequest(getCtx(), request, stream, token),
  );
  participant.iconPath = vscode.Uri.joinPath(context.extensionUri, "media", "activity.svg");
  participant.followupProvider = {
    provideFollowups: async (result) => (await agents()).participantFollowups(result),
  };
  return [participant];
}

/** `warn`: the extension's log (activation's, so a registration problem does not load the rest). */
export function registerAgentSurfaces(context: vscode.ExtensionContext, getCtx: () => AgentContext, warn: (message: string) => void): vscode.Disposable[] {
  return [...registerTools(getCtx, warn), ...registerParticipant(context, getCtx), ...registerMcpProvider(context)];
}
