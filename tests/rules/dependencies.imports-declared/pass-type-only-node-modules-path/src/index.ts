import { isoBase64URL } from '@simplewebauthn/server/helpers';
import { type PublicKeyCredentialRequestOptionsJSON } from 'node_modules/@simplewebauthn/server/esm/deps.js';
import { type Logger } from 'pino';
export const f = (o: PublicKeyCredentialRequestOptionsJSON, l?: Logger) => isoBase64URL.fromString(String(o));
