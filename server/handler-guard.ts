import type { CancellationToken } from 'vscode-languageserver/node';

export type Logger = (message: string) => void;

/**
 * Wrap a request or notification handler: an exception (thrown or rejected) is logged and answered with `fallback`,
 * so one bad request never kills the server. A cancelled request is answered with the fallback as well.
 */
export function guarded<P, R, F>(name: string, log: Logger, fallback: F,
  handler: (params: P, token: CancellationToken | undefined) => R | Promise<R>): (params: P, token?: CancellationToken) => Promise<R | F> {
  return async (params, token) => {
    try {
      if (token?.isCancellationRequested) return fallback;
      const result = await handler(params, token);
      return token?.isCancellationRequested ? fallback : result;
    } catch (e) {
      log(`${name} failed: ${(e as Error)?.stack ?? String(e)}`);
      return fallback;
    }
  };
}

/** The same for notifications (no answer). */
export function guardedNotification<P>(name: string, log: Logger, handler: (params: P) => void | Promise<void>): (params: P) => void {
  return (params) => {
    try {
      const pending = handler(params);
      if (pending && typeof (pending as Promise<void>).catch === 'function') {
        (pending as Promise<void>).catch((e: unknown) => log(`${name} failed: ${(e as Error)?.stack ?? String(e)}`));
      }
    } catch (e) {
      log(`${name} failed: ${(e as Error)?.stack ?? String(e)}`);
    }
  };
}
