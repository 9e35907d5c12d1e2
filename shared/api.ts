/**
 * The one contract between the renderer and the engine. Electron carries it over IPC, the headless host
 * over an authenticated WebSocket. Both check names against the allowlists below.
 */
import type {
  AppInfo,
  Banner,
  BroadcastHeaderMedia,
  BroadcastRecipientInput,
  CampaignDetail,
  CampaignSummary,
  FlowFilter,
  FlowPage,
  FlowRow,
  ForwardingState,
  MessageStory,
  MetricsSnapshot,
  OtomaxTestInput,
  OtomaxTestResult,
  OverallState,
  ParsedRecipients,
  QontakBroadcastRecord,
  QontakIntegration,
  QontakLogLine,
  QontakTemplate,
  RejectedRow,
  SessionStatus,
  SetupChecklist,
  UploadedMedia,
  WaNumber,
  WaNumberInput,
  WaNumberUpdate,
} from './dto';
import type { Result } from './result';
import type { SettingsPatch, SettingsView } from './settings';

/** Commands: renderer → engine. [input, output] */
export interface Commands {
  'app:info': [void, AppInfo];
  'settings:get': [void, SettingsView];
  /** Validates every field; error.fields maps each bad field to its message. Secrets are written to the keychain. */
  'settings:save': [SettingsPatch, SettingsView];
  /** Tests the typed values over the saved ones (validated with the settings schema); stores nothing. */
  'otomax:test': [OtomaxTestInput | void, OtomaxTestResult];
  /** `number`: a number's id (WaNumber.id); omitted = the primary. */
  'session:get': [void | NumberRef, SessionStatus];
  'pairing:start': [({ mode: 'qr' } | { mode: 'code'; phone: string }) & NumberRef, SessionStatus];
  'session:logout': [void | NumberRef, SessionStatus];
  'forwarding:get': [void, ForwardingState];
  'forwarding:set': [{ enabled: boolean }, ForwardingState];
  'autoreply:set': [{ enabled: boolean }, ForwardingState];
  'log:page': [{ filter?: FlowFilter; before?: string | null; limit?: number }, FlowPage];
  'log:detail': [{ id: string }, MessageStory];
  /**
   * Opens a CSV of the log: headers and statuses in `lang`, local times with their offset, one BOM, `separator`
   * between cells. The file comes in parts (log:exportPart), never whole in one message.
   */
  'log:export': [
    { filter?: FlowFilter; lang?: 'id' | 'en'; separator?: ',' | ';' },
    { exportId: string; filename: string },
  ];
  /**
   * The next part of an open export (the first starts with the BOM and the header); `done` on the last, and
   * `truncated` when the file stopped at its 200,000 rows with more in the log.
   */
  'log:exportPart': [{ exportId: string }, { part: string; rows: number; done: boolean; truncated?: boolean }];
  /** The owner checked an uncertain message in OtomaX: it leaves the "perlu dicek" count. */
  'log:markChecked': [{ id: string }, FlowRow];
  'metrics:get': [void, MetricsSnapshot];
  'banners:get': [void, Banner[]];
  /** The one at-a-glance state (the sidebar chip, the tray): level and problems, worst first. */
  'overall:get': [void, OverallState];
  'callback:get': [void, { url: string }];
  'callback:register': [void, { url: string }];
  'callback:rotate': [void, { url: string }];
  /** A new local API key; the only time its value crosses to the renderer. */
  'apikey:rotate': [void, { apiKey: string }];
  'qontak:integrations': [void, QontakIntegration[]];
  'qontak:templates': [void, QontakTemplate[]];
  'broadcast:parse': [
    { csv: string; placeholders: number; headerPlaceholders?: number; dynamicButtons?: number },
    ParsedRecipients,
  ];
  'broadcast:send': [
    {
      channelIntegrationId: string;
      templateId: string;
      language: string;
      recipients: BroadcastRecipientInput[];
      header?: BroadcastHeaderMedia;
    },
    { id: string; rejected: RejectedRow[] },
  ];
  'broadcast:list': [void, CampaignSummary[]];
  'broadcast:get': [{ id: string }, CampaignDetail];
  /**
   * A campaign's recipients as CSV: headers and statuses in `lang` (default English), cells split by `separator`
   * (default ','), as the log's export takes them.
   */
  'broadcast:export': [{ id: string; lang?: 'id' | 'en'; separator?: ',' | ';' }, { filename: string; csv: string }];
  /** Release a chat paused for a reply loop: its held replies go out again, paced by the reply limit. */
  'replies:release': [{ phone: string }, { released: boolean }];
  /** The first-run checklist (asks OtomaX which callback URL it holds). */
  'setup:checklist': [void, SetupChecklist];
  'setup:dismiss': [void, SetupChecklist];
  /** A file for a media header, sent to Qontak's file uploader; its size and type are checked first. */
  'broadcast:upload': [{ filename: string; mime: string; dataBase64: string }, UploadedMedia];
  /** Qontak's own broadcast records for the account, newest first, one page at a time. */
  'qontak:broadcasts': [{ cursor?: string | null }, { items: QontakBroadcastRecord[]; next: string | null }];
  'qontak:broadcast': [{ id: string }, { record: QontakBroadcastRecord; log: QontakLogLine[] }];
  /** The live WhatsApp numbers, primary first, with each one's state and phone. */
  'numbers:list': [void, WaNumber[]];
  /** A new number, not linked yet (pair it with pairing:start and its id). */
  'numbers:add': [WaNumberInput, WaNumber];
  /** Rename, change the terminal, set or clear the fallback, make primary, its own forward options (null = global). */
  'numbers:update': [WaNumberUpdate, WaNumber];
  /** Soft removal: the number stops and unlinks; its messages stay in the log. The primary cannot be removed. */
  'numbers:remove': [{ id: string }, { removed: true }];
}

/** Which WhatsApp number a session command is about (issue 17); omitted = the primary. */
export interface NumberRef {
  number?: string;
}

/** Events: engine → renderer. */
export interface Events {
  'session:status': SessionStatus;
  'message:logged': FlowRow;
  'metrics:tick': MetricsSnapshot;
  'forwarding:changed': ForwardingState;
  'settings:changed': SettingsView;
  'banners:changed': Banner[];
  'overall:changed': OverallState;
  'broadcast:progress': CampaignSummary;
  /** The numbers list changed (added, renamed, removed, a state or phone changed). */
  'numbers:changed': WaNumber[];
}

export type CommandName = keyof Commands;
export type EventName = keyof Events;
export type CommandInput<C extends CommandName> = Commands[C][0];
export type CommandOutput<C extends CommandName> = Commands[C][1];

export const COMMAND_NAMES = [
  'app:info',
  'settings:get',
  'settings:save',
  'otomax:test',
  'session:get',
  'pairing:start',
  'session:logout',
  'forwarding:get',
  'forwarding:set',
  'autoreply:set',
  'log:page',
  'log:detail',
  'log:export',
  'log:exportPart',
  'log:markChecked',
  'metrics:get',
  'banners:get',
  'overall:get',
  'callback:get',
  'callback:register',
  'callback:rotate',
  'apikey:rotate',
  'qontak:integrations',
  'qontak:templates',
  'broadcast:parse',
  'broadcast:send',
  'broadcast:list',
  'broadcast:get',
  'broadcast:export',
  'replies:release',
  'setup:checklist',
  'setup:dismiss',
  'broadcast:upload',
  'qontak:broadcasts',
  'qontak:broadcast',
  'numbers:list',
  'numbers:add',
  'numbers:update',
  'numbers:remove',
] as const satisfies readonly CommandName[];

export const EVENT_NAMES = [
  'session:status',
  'message:logged',
  'metrics:tick',
  'forwarding:changed',
  'settings:changed',
  'banners:changed',
  'overall:changed',
  'broadcast:progress',
  'numbers:changed',
] as const satisfies readonly EventName[];

// Compile-time check that the allowlists name every command and event.
type Missing<All, Listed> = Exclude<All, Listed>;
const _allCommands: Missing<CommandName, (typeof COMMAND_NAMES)[number]> extends never ? true : never = true;
const _allEvents: Missing<EventName, (typeof EVENT_NAMES)[number]> extends never ? true : never = true;
void _allCommands;
void _allEvents;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && (COMMAND_NAMES as readonly string[]).includes(name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

/** What window.api (Electron preload) and the WebSocket client both implement. */
export interface Api {
  invoke<C extends CommandName>(name: C, input: CommandInput<C>): Promise<Result<CommandOutput<C>>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
}

/** The languages of the window (and of the tray and notifications, which follow it). */
export type WindowLanguage = 'id' | 'en';

/**
 * window.api in the Electron app: the engine's Api, plus the window's language told to the shell, which speaks it
 * in the tray, its notifications and Chromium's own words (a headless browser window has no shell to tell).
 */
export interface WindowBridge extends Api {
  shellLanguage(lang: WindowLanguage): void;
}

/** Wire frames of the headless WebSocket transport. */
export type WireFrame =
  | { t: 'call'; id: number; name: string; input: unknown }
  | { t: 'result'; id: number; result: Result<unknown> }
  | { t: 'event'; name: string; payload: unknown }
  | { t: 'ready' };
