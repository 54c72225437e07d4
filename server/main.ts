/**
 * Entry point of the Palisade language server (bundled to dist/server.js). The transport comes from argv:
 * `--node-ipc` (VS Code), `--stdio` (Neovim and most other editors) or `--socket=<port>`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './palisade-server.js';

const connection = createConnection(ProposedFeatures.all);

// Last line of defence: every handler is already guarded, but a stray exception must never take the server down.
process.on('uncaughtException', (e) => connection.console.error(`Uncaught exception: ${e?.stack ?? String(e)}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${(e as Error)?.stack ?? String(e)}`));

startServer(connection);
