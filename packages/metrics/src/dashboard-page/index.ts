// @redis-mcp/metrics/dashboard: a live page of Redis's health and a prefix's metrics, for express or node:http.
export type { DashboardOptions, DashboardRequestHandler } from "./dashboard-handler.js";
export { dashboardHandler } from "./dashboard-handler.js";
export type { CounterPanel, DashboardState, GaugePanel, HistogramPanel, NodeSeries } from "./dashboard-state.js";
