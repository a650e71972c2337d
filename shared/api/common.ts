/** API answers that several capabilities give. Types only. */

/** A change that answers only that it was done. */
export interface OkAnswer { ok: true }

/** A change that answers that it was done, with a Vietnamese message for the user. */
export interface OkMessageAnswer { ok: true; message: string }
