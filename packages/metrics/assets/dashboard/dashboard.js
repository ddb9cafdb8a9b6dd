// The dashboard page: renders each state the server sends over Server-Sent Events. Plain DOM and
// uPlot; every text from Redis goes through textContent, never innerHTML.

(() => {
  const charts = new Map();
  let lastState = null;

  const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
  const compact = new Intl.NumberFormat(undefined, { notation: "compact", maximumFractionDigits: 2 });

  const formatNumber = (value) => (value === null || value === undefined ? "–" : Math.abs(value) >= 1e6 ? compact.format(value) : number.format(value));
  const formatPercent = (ratio) => (ratio === null || ratio === undefined ? "–" : `${(ratio * 100).toFixed(1)}%`);
  function formatBytes(bytes) {
    if (bytes === null || bytes === undefined) return "–";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let value = bytes;
    let unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
  }
  function formatDuration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    const days = Math.floor(seconds / 86400);
    const hours = Math.floor((seconds % 86400) / 3600);
    const minutes = Math.floor((seconds % 3600) / 60);
    return days > 0 ? `${days}d ${hours}h` : hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m ${seconds % 60}s`;
  }

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** Colours come from the stylesheet, so charts follow light and dark mode. */
  function theme() {
    const style = getComputedStyle(document.documentElement);
    const read = (name) => style.getPropertyValue(name).trim();
    return {
      text: read("--muted"),
      grid: read("--grid"),
      series: [1, 2, 3, 4, 5, 6].map((index) => read(`--series-${index}`)),
    };
  }

  function chartWidth(container) {
    return Math.max(200, container.clientWidth);
  }

  /** A card with a heading, a value line and a chart; created once per id, then only updated. */
  /**
   * The time axis: metric charts span the stored window up to now, so a metric with one minute of
   * data sits at the right edge instead of filling the chart; others span their data (a lone point
   * gets a few minutes around it).
   */
  function timeRange(id) {
    return (_, min, max) => {
      if (id.startsWith("metric:") && lastState) {
        const now = lastState.generatedAt / 1000;
        return [now - lastState.historyMinutes * 60, now];
      }
      return min === max || min === null ? [(min ?? 0) - 120, (max ?? 0) + 60] : [min, max];
    };
  }

  function chartCard(parent, id, title, help, seriesNames, format) {
    const existing = charts.get(id);
    if (existing) return existing;
    const card = element("article", "card");
    card.dataset.chart = id;
    card.append(element("h3", "", title));
    if (help) card.append(element("p", "help", help));
    const value = element("div", "value");
    const chart = element("div", "chart");
    card.append(value, chart);
    parent.append(card);
    const colours = theme();
    const plot = new uPlot(
      {
        width: chartWidth(chart),
        height: 170,
        legend: { show: seriesNames.length > 1 },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true, range: timeRange(id) } },
        axes: [
          { stroke: colours.text, grid: { stroke: colours.grid }, ticks: { stroke: colours.grid } },
          { stroke: colours.text, grid: { stroke: colours.grid }, ticks: { stroke: colours.grid }, size: 64, values: (_, ticks) => ticks.map(format) },
        ],
        series: [
          {},
          ...seriesNames.map((name, index) => ({
            label: name,
            stroke: colours.series[index % colours.series.length],
            width: 2,
            points: { size: 4 },
            value: (_, raw) => (raw === null || raw === undefined ? "–" : format(raw)),
          })),
        ],
      },
      [[], ...seriesNames.map(() => [])],
      chart,
    );
    const entry = { card, value, chart, plot, seriesCount: seriesNames.length };
    charts.set(id, entry);
    return entry;
  }

  /** Points are [time ms, ...values]; uPlot wants columns with time in seconds. */
  function setPoints(entry, points) {
    const columns = [points.map((point) => point[0] / 1000)];
    for (let index = 1; index <= entry.seriesCount; index++) columns.push(points.map((point) => point[index] ?? null));
    entry.plot.setData(columns);
    entry.card.dataset.points = String(points.length);
    const last = points.at(-1);
    entry.card.dataset.last = last ? String(last[1] ?? "") : "";
  }

  function setValue(entry, main, detail) {
    entry.value.textContent = main;
    if (detail) entry.value.append(" ", element("small", "", detail));
  }

  function removeStale(prefix, keep) {
    for (const [id, entry] of charts) {
      if (id.startsWith(prefix) && !keep.has(id)) {
        entry.plot.destroy();
        entry.card.remove();
        charts.delete(id);
      }
    }
  }

  function renderNodes(state) {
    const body = document.querySelector("#nodes tbody");
    body.replaceChildren(
      ...state.nodes.map((node) => {
        const row = element("tr");
        row.dataset.node = node.node;
        const memory = node.maxmemory ? `${formatBytes(node.usedMemory)} / ${formatBytes(node.maxmemory)}` : formatBytes(node.usedMemory);
        const cells = [
          [node.node, ""],
          [node.reachable ? node.role : "unreachable", ""],
          [node.version ?? "–", ""],
          [memory, "number"],
          [formatNumber(node.opsPerSecond), "number"],
          [formatPercent(node.hitRate), "number"],
          [formatNumber(node.connectedClients), "number"],
          [formatNumber(node.keys), "number"],
          [formatDuration(node.uptimeSeconds), "number"],
        ];
        for (const [text, className] of cells) row.append(element("td", className, text));
        return row;
      }),
    );
    const parent = document.getElementById("node-charts");
    const names = state.nodeSeries.map((series) => series.node);
    const key = names.join(",");
    // The node set changed (failover, a node added): rebuild the three charts with the new series.
    if (parent.dataset.nodes !== key) {
      removeStale("node:", new Set());
      parent.dataset.nodes = key;
    }
    const views = [
      ["node:memory", "Used memory", 1, formatBytes],
      ["node:ops", "Operations per second", 2, formatNumber],
      ["node:hits", "Hit rate (since stats reset)", 3, formatPercent],
    ];
    const times = [...new Set(state.nodeSeries.flatMap((series) => series.points.map((point) => point[0])))].sort((a, b) => a - b);
    for (const [id, title, column, format] of views) {
      const entry = chartCard(parent, id, title, "", names, format);
      const byNode = state.nodeSeries.map((series) => new Map(series.points.map((point) => [point[0], point[column]])));
      setPoints(
        entry,
        times.map((time) => [time, ...byNode.map((values) => values.get(time) ?? null)]),
      );
      const total = state.nodes.reduce((sum, node) => sum + (node[["", "usedMemory", "opsPerSecond", "hitRate"][column]] ?? 0), 0);
      setValue(entry, column === 3 ? "" : format(total), column === 3 ? "" : state.nodes.length > 1 ? `all ${state.nodes.length} nodes` : "");
    }
  }

  function renderFindings(state) {
    const list = document.getElementById("findings");
    const { critical, warning, info } = state.findingSummary;
    document.getElementById("finding-summary").textContent = `${critical} critical, ${warning} warnings, ${info} info`;
    if (state.findings.length === 0) {
      list.replaceChildren(element("li", "muted", "No findings: every check passed."));
      return;
    }
    list.replaceChildren(
      ...state.findings.map((finding) => {
        const item = element("li", "finding");
        item.dataset.severity = finding.severity;
        item.dataset.finding = finding.id;
        const heading = element("div");
        heading.append(element("span", "severity", finding.severity), element("span", "title", finding.title), " ", element("span", "node", finding.node));
        const evidence = Object.entries(finding.evidence)
          .map(([name, value]) => `${name}=${value}`)
          .join(", ");
        item.append(heading, element("p", "evidence", evidence), element("p", "fix", `Fix: ${finding.fix}`));
        return item;
      }),
    );
  }

  function renderMetrics(state) {
    const parent = document.getElementById("metric-charts");
    document.getElementById("prefix").textContent = `prefix ${state.prefix}`;
    const empty = document.getElementById("no-metrics");
    const count = state.counters.length + state.gauges.length + state.histograms.length;
    empty.hidden = count > 0;
    empty.textContent = `No metrics under prefix "${state.prefix}" yet: create some with createMetrics(redis, { prefix: "${state.prefix}" }).`;
    const keep = new Set();
    for (const counter of state.counters) {
      const id = `metric:${counter.name}`;
      keep.add(id);
      const entry = chartCard(parent, id, counter.name, counter.help, ["per second"], formatNumber);
      entry.card.dataset.metric = counter.name;
      entry.card.dataset.total = String(counter.total);
      const windowIncrease = counter.minutes.reduce((sum, [, increase]) => sum + increase, 0);
      entry.card.dataset.windowIncrease = String(windowIncrease);
      setPoints(
        entry,
        counter.minutes.map(([time, , rate]) => [time, rate]),
      );
      setValue(
        entry,
        formatNumber(counter.total),
        `total · +${formatNumber(windowIncrease)} in ${state.historyMinutes} min · ${formatNumber(counter.ratePerSecond)}/s over 5 min`,
      );
    }
    for (const gauge of state.gauges) {
      const id = `metric:${gauge.name}`;
      keep.add(id);
      const entry = chartCard(parent, id, gauge.name, gauge.help, ["value"], formatNumber);
      entry.card.dataset.metric = gauge.name;
      entry.card.dataset.total = String(gauge.value);
      setPoints(entry, gauge.minutes);
      setValue(entry, formatNumber(gauge.value), gauge.series > 1 ? `sum of ${gauge.series} series` : "now");
    }
    for (const histogram of state.histograms) {
      const id = `metric:${histogram.name}`;
      keep.add(id);
      const entry = chartCard(parent, id, histogram.name, histogram.help, ["p50", "p90", "p99"], formatNumber);
      entry.card.dataset.metric = histogram.name;
      entry.card.dataset.total = String(histogram.count);
      setPoints(
        entry,
        histogram.minutes.map(([time, , p50, p90, p99]) => [time, p50, p90, p99]),
      );
      const { p50, p90, p99 } = histogram.quantiles;
      setValue(entry, `p50 ${formatNumber(p50)} · p90 ${formatNumber(p90)} · p99 ${formatNumber(p99)}`, `${formatNumber(histogram.count)} observations`);
    }
    removeStale("metric:", keep);
  }

  function renderKeyspace(state) {
    const body = document.querySelector("#keyspace tbody");
    const summary = document.getElementById("keyspace-summary");
    if (!state.keyspace) {
      summary.textContent = "sampling…";
      return;
    }
    const { keyspace } = state;
    summary.textContent = `${formatNumber(keyspace.totalKeys)} keys, ${formatNumber(keyspace.sampledKeys)} sampled at ${new Date(keyspace.generatedAt).toLocaleTimeString()}`;
    const rows = keyspace.namespaces.map((namespace) => {
      const withTtl =
        namespace.ttl.withTtl + namespace.ttl.withoutTtl === 0 ? null : namespace.ttl.withTtl / (namespace.ttl.withTtl + namespace.ttl.withoutTtl);
      return [
        namespace.pattern,
        formatNumber(Math.round(namespace.estimatedCount)),
        formatBytes(Math.round(namespace.memory.estimatedTotalBytes)),
        Object.entries(namespace.types)
          .map(([type, keys]) => `${type} ${keys}`)
          .join(", "),
        formatPercent(withTtl),
      ];
    });
    if (keyspace.other) {
      rows.push([
        `${keyspace.other.namespaces} more`,
        formatNumber(Math.round(keyspace.other.estimatedCount)),
        formatBytes(Math.round(keyspace.other.estimatedTotalBytes)),
        "",
        "",
      ]);
    }
    body.replaceChildren(
      ...rows.map((cells) => {
        const row = element("tr");
        cells.forEach((text, index) => {
          row.append(element("td", index === 1 || index === 2 || index === 4 ? "number" : "", text));
        });
        return row;
      }),
    );
  }

  function render(state) {
    lastState = state;
    document.title = state.title;
    document.getElementById("title").textContent = state.title;
    document.body.dataset.sequence = String(state.sequence);
    const error = document.getElementById("error");
    error.hidden = state.error === null;
    error.textContent = state.error
      ? `Redis could not be read (${state.error.code}): ${state.error.message} Retrying; the figures below are the last ones read.`
      : "";
    const status = document.getElementById("status");
    status.dataset.state = "live";
    status.textContent = `live · updated ${new Date(state.generatedAt).toLocaleTimeString()} · every ${state.refreshIntervalMs / 1000} s`;
    renderNodes(state);
    renderFindings(state);
    renderMetrics(state);
    renderKeyspace(state);
  }

  function rebuild() {
    for (const entry of charts.values()) {
      entry.plot.destroy();
      entry.card.remove();
    }
    charts.clear();
    document.getElementById("node-charts").dataset.nodes = "";
    if (lastState) render(lastState);
  }

  // Charts follow the width of their cards (phone, laptop, a resized window).
  const resize = new ResizeObserver(() => {
    for (const entry of charts.values()) entry.plot.setSize({ width: chartWidth(entry.chart), height: 170 });
  });
  resize.observe(document.querySelector("main"));
  // Canvas colours are fixed when drawn: a switch between light and dark redraws the charts.
  matchMedia("(prefers-color-scheme: dark)").addEventListener("change", rebuild);

  const events = new EventSource("events");
  events.addEventListener("state", (event) => render(JSON.parse(event.data)));
  events.addEventListener("error", () => {
    const status = document.getElementById("status");
    status.dataset.state = "reconnecting";
    status.textContent = "connection lost · reconnecting…";
  });
})();
