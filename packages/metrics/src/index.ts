export { assertMetricName, metricKey } from "./metric-key.js";
