import { Client } from 'ldapts';
export const c = Client;
