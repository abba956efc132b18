import { createHmac } from 'node:crypto';

/** A Meta `messages` webhook payload as reference §2.3 shows it, with one entry per message. */
export function metaMessagesPayload(phoneNumberId: string, messages: Array<{ id: string; from: string; text: string; name?: string; at?: Date }>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA_ID',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              contacts: messages.map((message) => ({ profile: { name: message.name ?? 'Customer' }, wa_id: message.from.replace('+', '') })),
              messages: messages.map((message) => ({
                from: message.from.replace('+', ''),
                id: message.id,
                timestamp: String(Math.floor((message.at ?? new Date()).getTime() / 1000)),
                type: 'text',
                text: { body: message.text },
              })),
            },
          },
        ],
      },
    ],
  };
}

/** A Meta status webhook payload (§2.4); `callbackData` is the echoed `biz_opaque_callback_data`. */
export function metaStatusPayload(
  phoneNumberId: string,
  statuses: Array<{ id: string; status: string; recipient: string; errors?: Array<{ code: number; title: string }>; at?: Date; callbackData?: string }>,
) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA_ID',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              statuses: statuses.map((status) => ({
                id: status.id,
                status: status.status,
                timestamp: String(Math.floor((status.at ?? new Date()).getTime() / 1000)),
                recipient_id: status.recipient.replace('+', ''),
                ...(status.errors ? { errors: status.errors } : {}),
                ...(status.callbackData ? { biz_opaque_callback_data: status.callbackData } : {}),
              })),
            },
          },
        ],
      },
    ],
  };
}

/** `X-Hub-Signature-256` for a raw body, as Meta computes it with the app secret. */
export function metaSignature(rawBody: string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Posts a raw webhook body to the engine, signed unless `signature` says otherwise. */
export async function postWebhook(baseUrl: string, connectionId: string, payload: unknown, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}/webhooks/whatsapp/${connectionId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
