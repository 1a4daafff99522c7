import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { type Logger, pino } from 'pino';
export const log: Logger = pino();
export const f = (s: string) => isoBase64URL.fromString(s);
