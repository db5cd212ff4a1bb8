/** Text messages: a provider interface, and the local sink that is the default. */

/** What a real SMS gateway (阿里云短信, 腾讯云短信 …) implements; `to` is the clear number and must never be logged. */
export interface SmsProvider {
  /** stored with each message, shown in the sink */
  readonly name: string;
  /** Sends one message; resolves with the gateway's reference, rejects with an error whose message is safe to store. */
  send(to: string, content: string): Promise<{ ref: string | null }>;
}

/**
 * The default provider: sends nothing. The message row itself (number encrypted, shown masked) is the sink, listed
 * for administrators at GET /api/v1/sms-sink — enough for a demo or a district without an SMS contract.
 */
export const localSink: SmsProvider = {
  name: 'local-sink',
  send: async () => ({ ref: null }),
};
