// Starts concord's language server for the YAML and text files of a concord project.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration('concord').get('server.command');
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const server = { command, args, options: { cwd } };
  client = new LanguageClient('concord', 'concord', { run: server, debug: server }, {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', pattern: '**/corpus/*.txt' },
    ],
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{corpus/*.txt,schemas/labels.yaml,concord.yaml}'),
    },
  });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
