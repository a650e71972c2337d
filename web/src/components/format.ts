/** Vietnamese display formats for the web: the same functions as the server (shared/format.ts). */
export * from '@shared/format.ts';
