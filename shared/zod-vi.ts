import { z } from 'zod';

/** Zod messages in Vietnamese everywhere (API, forms, import validation). */
z.config(z.locales.vi());

export { z };
