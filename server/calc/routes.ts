import type { FastifyPluginAsync } from 'fastify';

/** Routes of the calc capability (to be filled in by the capability's owner). */
const routes: FastifyPluginAsync = async () => {};
export default routes;
