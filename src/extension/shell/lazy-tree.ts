/**
 * A tree view's data provider registered at activation that loads the real one on first need (the
 * view shown, an element asked for) and then forwards every call and change event to it.
 */
import * as vscode from "vscode";

export class LazyTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private real: vscode.TreeDataProvider<T> | undefined;
  private readonly emitter = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  private forwarding: vscode.Disposable | undefined;
  readonly onDidChangeTreeData = this.emitter.event;

  /** `load` loads the surfaces, which call connect() before it returns. */
  constructor(private readonly load: () => void) {}

  /** Backs the view with `real`; the view asks for its elements again. */
  connect(real: vscode.TreeDataProvider<T>): void {
    this.forwarding?.dispose();
    this.real = real;
    this.forwarding = real.onDidChangeTreeData?.((e) => this.emitter.fire(e));
    this.emitter.fire();
  }

  private provider(): vscode.TreeDataProvider<T> {
    if (!this.real) this.load();
    if (!this.real) throw new Error("the view's provider did not load");
    return this.real;
  }

  getChildren(element?: T): vscode.ProviderResult<T[]> {
    return this.provider().getChildren(element);
  }

  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.provider().getTreeItem(element);
  }

  getParent(element: T): vscode.ProviderResult<T> {
    return this.provider().getParent?.(element);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.emitter.dispose();
  }
}
