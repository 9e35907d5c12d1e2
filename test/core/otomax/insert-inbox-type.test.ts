import { describe, expectTypeOf, it } from 'vitest';
import type { InsertInboxBody as PortBody, OtomaxPort } from '../../../electron/core/forwarder/ports';
import type { InsertInboxBody, OtomaxClient } from '../../../electron/core/otomax/types';

// Checked by `npm run typecheck`: the forwarder's port, the client and the REST route speak one InsertInbox type.
describe('one InsertInboxBody', () => {
  it('the forwarder port and the OtomaX client take the same body type', () => {
    expectTypeOf<PortBody>().toEqualTypeOf<InsertInboxBody>();
    expectTypeOf<Parameters<OtomaxPort['insertInbox']>[0]>().toEqualTypeOf<
      Parameters<OtomaxClient['insertInbox']>[0]
    >();
  });
});
