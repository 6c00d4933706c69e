// Ticked manual checks, per workspace folder, in workspaceState: they describe this workspace, not the user.
import * as vscode from 'vscode';

const KEY = 'twelveFactor.manualChecks';

type Store = Record<string, string[]>;

export class ManualChecks {
  constructor(private readonly state: vscode.Memento) {}

  private read(): Store {
    return this.state.get<Store>(KEY) ?? {};
  }

  isChecked(folderUri: string, id: string): boolean {
    return this.read()[folderUri]?.includes(id) ?? false;
  }

  async set(folderUri: string, id: string, checked: boolean): Promise<void> {
    const store = this.read();
    const ids = new Set(store[folderUri] ?? []);
    if (checked) ids.add(id);
    else ids.delete(id);
    if (ids.size) store[folderUri] = [...ids].sort();
    else delete store[folderUri];
    await this.state.update(KEY, store);
  }
}
