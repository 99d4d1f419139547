/** Every route group of the API, in registration order. A new group is one file and one line here. */
import { dashboardRoutes } from '../dashboard/dashboard-routes.js';
import { controlRoutes } from './controls.js';
import { demoRoutes } from './demo.js';
import { healthRoutes } from './health.js';
import { historyRoutes } from './history.js';
import { metricsRoutes } from './metrics.js';
import { planRoutes } from './plans.js';
import { statusRoutes } from './status.js';
export const ROUTE_GROUPS = [healthRoutes, statusRoutes, planRoutes, controlRoutes, historyRoutes, demoRoutes, metricsRoutes, dashboardRoutes];
//# sourceMappingURL=index.js.map