import Table from "cli-table3";
import type { Colors } from "./output.js";

/** A column: its heading and which side its cells line up on. */
export interface Column {
  heading: string;
  align?: "left" | "right";
}

const NO_BORDERS = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "  ",
};

/**
 * A borderless table like `kubectl get`: bold headings, columns two spaces apart, numbers
 * right-aligned. Trailing spaces are trimmed so output diffs and pastes cleanly.
 */
export function renderTable(columns: readonly Column[], rows: readonly (readonly (string | number)[])[], colors: Colors): string {
  const table = new Table({
    head: columns.map((column) => colors.bold(column.heading)),
    colAligns: columns.map((column) => column.align ?? "left"),
    chars: NO_BORDERS,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  });
  for (const row of rows) table.push(row.map((cell) => String(cell)));
  return table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}
