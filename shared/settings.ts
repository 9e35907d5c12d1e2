/** Settings as the renderer sees them. Secrets never appear: only whether one is saved. */
export type WhatsAppMode = 'baileys' | 'simulated';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

export interface Settings {
  // OtomaX (names of the WhatsApp Center it replaces)
  otomaxEnabled: boolean;
  otomaxApiUrl: string;
  otomaxAppId: string;
  otomaxDefaultReseller: string;
  otomaxDefaultKodeTerminal: number;
  otomaxForwardIncoming: boolean;
  otomaxForwardOutgoing: boolean;
  otomaxForwardGroups: boolean;
  otomaxForwardMedia: boolean;
  otomaxAutoReplyEnabled: boolean;
  otomaxReplyOnExpired: boolean;
  /** Sent once to the reseller when OtomaX may or may not have the message ('' = none). */
  otomaxCheckReply: string;
  /** Sent when a message reached this app after its _exp (the phone was offline): ask for a resend. */
  otomaxLateNotice: string;
  /** Sent when a message expired because OtomaX could not be reached: the server has trouble, resend later. */
  otomaxTroubleNotice: string;
  otomaxTimeoutMs: number;
  otomaxRetries: number;
  otomaxConcurrency: number;
  /** Base URL OtomaX uses to reach this app's callback (default http://127.0.0.1:<port>). */
  callbackBaseUrl: string;
  // WhatsApp
  whatsapp: WhatsAppMode;
  sendRatePerSecond: number;
  replyLimitPerMinute: number;
  outboxMaxAgeHours: number;
  waVersion: string;
  // Qontak
  qontakApiUrl: string;
  qontakClientId: string;
  qontakRatePerSecond: number;
  // App
  host: string;
  port: number;
  dataDir: string;
  retentionDays: number;
  logLevel: LogLevel;
  debug: boolean;
}

export type SettingKey = keyof Settings;

/** The secrets a user can set; the renderer learns only `has*` flags. */
export const SECRET_SETTING_KEYS = ['otomaxAppKey', 'otomaxDevKey', 'apiKey', 'qontakClientSecret'] as const;
export type SecretSettingKey = (typeof SECRET_SETTING_KEYS)[number];

export interface SecretFlags {
  hasOtomaxAppKey: boolean;
  hasOtomaxDevKey: boolean;
  hasApiKey: boolean;
  hasQontakClientSecret: boolean;
}

/** Where the value in force came from (a flag or env var cannot be overridden from the UI). */
export type SettingSource = 'flag' | 'env' | 'saved' | 'default';

export interface SettingsView {
  values: Settings;
  secrets: SecretFlags;
  sources: Record<SettingKey, SettingSource>;
  /** Settings that only take effect after a restart (host, port, dataDir, whatsapp). */
  restartRequired: SettingKey[];
}

/** A partial update from the UI; secrets are write-only ('' deletes). */
export type SettingsPatch = Partial<Settings> & Partial<Record<SecretSettingKey, string>>;
