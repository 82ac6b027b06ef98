/**
 * The palette's optional shape step: one QuickPick after the prompt, Enter on its first row keeps
 * the shown choice (the last one used in this workspace); the rows below change the aspect
 * ratio, the style (built-in and the `imageGeneration.styles` setting) or ask for 2–4 variations,
 * and the list stays open until the first row is accepted. Escape cancels the generation.
 */
import * as vscode from "vscode";
import { ASPECT_RATIOS, type AspectRatio, availableStyles, isAspectRatio, MAX_VARIATIONS, MIN_VARIATIONS, ratioOrientation, type Shape, shapeLabel, type ShapeInput } from "../../core/shape";

/** Workspace state: the last ratio and style id used from the palette. */
export const LAST_SHAPE_KEY = "imageGeneration.lastShape";

type Row = vscode.QuickPickItem & { apply?: (s: Shape) => Shape; accept?: true };

/** The person's own styles, from the setting (validated by the core's availableStyles). */
export function customStyles(): unknown {
  return vscode.workspace.getConfiguration("imageGeneration").get<unknown>("styles", []);
}

/** The shape last used in this workspace (a style that left the setting is dropped). */
export function rememberedShape(state: vscode.Memento): Shape {
  const raw = state.get<{ ratio?: string; style?: string }>(LAST_SHAPE_KEY) ?? {};
  const style = availableStyles(customStyles()).find((s) => s.id === raw.style);
  return { ratio: isAspectRatio(raw.ratio) ? raw.ratio : undefined, style };
}

export async function rememberShape(state: vscode.Memento, shape: Shape): Promise<void> {
  await state.update(LAST_SHAPE_KEY, { ratio: shape.ratio, style: shape.style?.id });
}

/** A shape typed by a caller (Regenerate from a file, a test) on top of the remembered one. */
export function shapeFrom(input: ShapeInput | undefined, fallback: Shape): Shape {
  if (!input) return fallback;
  const style = input.style ? availableStyles(customStyles()).find((s) => s.id === input.style || s.label.toLowerCase() === input.style?.toLowerCase()) : undefined;
  return { ratio: isAspectRatio(input.ratio) ? input.ratio : fallback.ratio, style: style ?? (input.style ? undefined : fallback.style), variations: input.variations };
}

const orientationWord = (r: AspectRatio): string =>
  ({ square: vscode.l10n.t("square"), landscape: vscode.l10n.t("landscape"), portrait: vscode.l10n.t("portrait") })[ratioOrientation(r)];

function rows(current: Shape): Row[] {
  const label = shapeLabel(current) || vscode.l10n.t("the agent's choice of shape and style");
  const check = (on: boolean): vscode.ThemeIcon => new vscode.ThemeIcon(on ? "check" : "blank");
  const out: Row[] = [
    { label: vscode.l10n.t("Generate with {0}", label), iconPath: new vscode.ThemeIcon("sparkle"), accept: true, alwaysShow: true },
    { label: vscode.l10n.t("Aspect ratio"), kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t("Any ratio"), iconPath: check(!current.ratio), apply: (s) => ({ ...s, ratio: undefined }) },
    ...ASPECT_RATIOS.map((r): Row => ({ label: r, description: orientationWord(r), iconPath: check(current.ratio === r), apply: (s) => ({ ...s, ratio: r }) })),
    { label: vscode.l10n.t("Style"), kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t("No style"), iconPath: check(!current.style), apply: (s) => ({ ...s, style: undefined }) },
    ...availableStyles(customStyles()).map((st): Row => ({
      label: st.label,
      description: st.custom ? vscode.l10n.t("your style") : undefined,
      detail: st.words,
      iconPath: check(current.style?.id === st.id),
      apply: (s) => ({ ...s, style: st }),
    })),
    { label: vscode.l10n.t("Variations"), kind: vscode.QuickPickItemKind.Separator },
    { label: vscode.l10n.t("One image"), iconPath: check(!current.variations), apply: (s) => ({ ...s, variations: undefined }) },
  ];
  for (let n = MIN_VARIATIONS; n <= MAX_VARIATIONS; n++) {
    out.push({ label: vscode.l10n.t("Make {0} variations", n), description: vscode.l10n.t("one cost question for all {0}", n), iconPath: check(current.variations === n), apply: (s) => ({ ...s, variations: n }) });
  }
  return out;
}

/** The shape step; undefined when the person pressed Escape. */
export function pickShape(initial: Shape, prompt: string): Promise<Shape | undefined> {
  const qp = vscode.window.createQuickPick<Row>();
  qp.title = vscode.l10n.t("Shape and style — {0}", prompt.length > 60 ? `${prompt.slice(0, 59)}…` : prompt);
  qp.placeholder = vscode.l10n.t("Enter to generate; pick a ratio, a style or variations first if you like");
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = true;
  let current = initial;
  const render = (): void => {
    qp.items = rows(current);
    qp.activeItems = [qp.items[0]];
  };
  render();
  return new Promise((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      const row = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!row || row.accept) {
        done = true;
        resolve(current);
        qp.hide();
        return;
      }
      if (row.apply) current = row.apply(current);
      qp.value = "";
      render();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
