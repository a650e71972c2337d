import os from 'node:os';

/** This process as the builder of report versions (report_version.worker): host:pid. */
export const WORKER = `${os.hostname()}:${process.pid}`;
