import {
  type BaileysEventMap,
  type Contact,
  type LIDMapping,
  toNumber,
  type WAMessageUpdate,
} from '@whiskeysockets/baileys';
import type { Clock } from '../kernel/clock';
import type { Logger } from '../kernel/logger';
import { normalizedLid, phoneFromJid } from './jid';
import type { LidMap } from './lid-map-repo';
import { lidPairsOf, normalizeInbound } from './normalize';
import { resolveSender } from './sender';
import type { InboundMessage, ReceiptEvent, ReceiptStatus } from './session-port';

export interface InboundHandlerDeps {
  sessionId: string;
  lidMap: LidMap;
  clock: Clock;
  log: Logger;
  settings: () => { forwardGroups: boolean; forwardMedia: boolean };
  emitMessage: (m: InboundMessage) => void;
  emitReceipt: (r: ReceiptEvent) => void;
  /** WhatsApp's timestamp (ms) of a message that just arrived live ('notify'), to measure the PC clock. */
  onServerTime?: (ms: number) => void;
}

export type LookupPnForLid = ((lid: string) => Promise<string | null>) | undefined;

export interface InboundHandler {
  upsert(batch: BaileysEventMap['messages.upsert'], lookup: LookupPnForLid): void;
  updates(updates: WAMessageUpdate[]): void;
  lidMappings(mappings: LIDMapping[]): void;
  /** contacts.upsert / contacts.update: a contact that carries both its LID and its phone number. */
  contacts(contacts: Partial<Contact>[]): void;
  /** Resolves when every batch handed in so far has been emitted. */
  idle(): Promise<void>;
}

/** WhatsApp's numeric message status → our receipt status (1 = pending is not a receipt). */
const RECEIPT: Record<number, ReceiptStatus> = { 0: 'failed', 2: 'sent', 3: 'delivered', 4: 'read', 5: 'read' };

export function createInboundHandler(deps: InboundHandlerDeps): InboundHandler {
  // One chain: batches are emitted in arrival order even though resolving a LID may wait.
  let chain: Promise<void> = Promise.resolve();

  const remember = (lid: string | null, phone: string | null) => {
    if (lid && phone) deps.lidMap.remember(lid, phone);
  };

  const handleBatch = async (batch: BaileysEventMap['messages.upsert'], lookup: LookupPnForLid) => {
    const { forwardGroups, forwardMedia } = deps.settings();
    // Both 'notify' and 'append': messages that waited while we were offline arrive as 'append'.
    for (const msg of batch.messages) {
      try {
        const seconds = toNumber(msg.messageTimestamp as number | null | undefined);
        if (batch.type === 'notify' && seconds > 0) deps.onServerTime?.(seconds * 1000);
        // Pairs in a message key only fill gaps, and never from the account's own messages (their
        // alternate address is the shop's number, not the reseller's).
        if (!msg.key?.fromMe) for (const pair of lidPairsOf(msg)) deps.lidMap.learn(pair.lid, pair.phone);
        const result = normalizeInbound(msg, {
          sessionId: deps.sessionId,
          forwardGroups,
          forwardMedia,
          now: deps.clock.now(),
        });
        if (!result.ok) {
          deps.log.debug({ id: msg.key?.id, reason: result.reason, type: batch.type }, 'message skipped');
          continue;
        }
        const n = result.value;
        const sender = await resolveSender(n, { lidMap: deps.lidMap, lookupPnForLid: lookup, log: deps.log });
        deps.emitMessage({
          sessionId: deps.sessionId,
          waKey: n.waKey,
          waId: n.waId,
          chatJid: n.chatJid,
          participantJid: n.participantJid,
          senderPhone: sender.senderPhone,
          senderLid: sender.senderLid,
          pushName: n.pushName,
          fromMe: n.fromMe,
          isGroup: n.isGroup,
          isMedia: n.isMedia,
          text: n.text,
          timestampMs: n.timestampMs,
        });
      } catch (err) {
        deps.log.error({ err, id: msg.key?.id }, 'could not handle a received message');
      }
    }
  };

  return {
    upsert(batch, lookup) {
      chain = chain.then(() => handleBatch(batch, lookup));
    },
    updates(updates) {
      const at = deps.clock.now();
      for (const u of updates) {
        const status = typeof u.update.status === 'number' ? RECEIPT[u.update.status] : undefined;
        if (status && u.key.id) deps.emitReceipt({ waId: u.key.id, status, at });
      }
    },
    lidMappings(mappings) {
      for (const m of mappings) {
        try {
          remember(normalizedLid(m.lid), phoneFromJid(m.pn));
        } catch (err) {
          deps.log.warn({ err }, 'could not store a LID mapping');
        }
      }
    },
    contacts(contacts) {
      for (const c of contacts) {
        try {
          remember(normalizedLid(c.lid) ?? normalizedLid(c.id), phoneFromJid(c.phoneNumber) ?? phoneFromJid(c.id));
        } catch (err) {
          deps.log.warn({ err }, 'could not store a contact LID mapping');
        }
      }
    },
    idle() {
      return chain;
    },
  };
}
