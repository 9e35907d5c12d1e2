import type { CommandName } from '../../../shared/api';
import { isCommandName } from '../../../shared/api';
import { fail, ok, type Result } from '../../../shared/result';
import type { CommandHandler, EngineApi } from '../engine-types';
import { isAppError } from '../kernel/errors';
import type { Logger } from '../kernel/logger';
import { ValidationError } from '../config/settings-service';

export type HandlerMap = { [C in CommandName]?: CommandHandler<C> };

/** Route a command to its handler; expected failures become Result errors, bugs a generic INTERNAL. */
export function createDispatcher(handlers: HandlerMap, log: Logger): EngineApi {
  return {
    async invoke(name, input) {
      if (!isCommandName(name)) return fail('NOT_FOUND', `unknown command ${String(name)}`) as never;
      const handler = handlers[name] as CommandHandler<typeof name> | undefined;
      if (!handler) return fail('NOT_FOUND', `command ${name} is not available`) as never;
      try {
        return ok(await handler(input)) as Result<never>;
      } catch (e) {
        if (e instanceof ValidationError) {
          return {
            ok: false,
            error: {
              code: e.code,
              message: e.message,
              ...(e.field ? { field: e.field } : {}),
              fields: e.fields,
              fieldReasons: e.reasons,
            },
          };
        }
        if (isAppError(e)) {
          const r = fail(e.code, e.message, e.field);
          if (!r.ok && e.params) r.error.params = e.params;
          return r as never;
        }
        log.error({ err: e, command: name }, 'command failed');
        return fail('INTERNAL', 'internal error (see the log)') as never;
      }
    },
  };
}
