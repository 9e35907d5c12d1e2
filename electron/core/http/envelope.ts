import type { FastifyReply } from 'fastify';

/** The JSON envelope of the WhatsApp Center this app replaces: {code, message, results}. */
export interface Envelope<T> {
  code: number;
  message: string;
  results: T;
}

export function send<T>(reply: FastifyReply, code: number, message: string, results: T): FastifyReply {
  return reply.code(code).send({ code, message, results } satisfies Envelope<T>);
}

export const okReply = <T>(reply: FastifyReply, results: T, message = 'Success') => send(reply, 200, message, results);
