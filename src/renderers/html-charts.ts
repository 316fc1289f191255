/** The summary's bar charts, drawn as inline SVG by reports/html/partials/chart.hbs. */

export interface ChartRow {
  label: string;
  count: number;
  cls: string;
  y: number;
  textY: number;
  barWidth: number;
  countX: number;
}
export interface Chart {
  title: string;
  caption: string;
  width: number;
  height: number;
  labelWidth: number;
  rows: ChartRow[];
  empty: boolean;
}

const CHART_WIDTH = 420;
const LABEL_WIDTH = 170;
const ROW_HEIGHT = 24;

export function buildChart(
  title: string,
  caption: string,
  rows: { label: string; count: number; cls: string }[],
): Chart {
  const max = Math.max(0, ...rows.map((r) => r.count));
  const barSpace = CHART_WIDTH - LABEL_WIDTH - 50;
  return {
    title,
    caption,
    width: CHART_WIDTH,
    labelWidth: LABEL_WIDTH - 8,
    height: Math.max(1, rows.length) * ROW_HEIGHT + 4,
    empty: rows.length === 0 || max === 0,
    rows: rows.map((r, i) => {
      const barWidth = max === 0 ? 0 : Math.max(r.count > 0 ? 2 : 0, Math.round((r.count / max) * barSpace));
      return { ...r, y: i * ROW_HEIGHT + 4, textY: i * ROW_HEIGHT + 20, barWidth, countX: LABEL_WIDTH + barWidth + 6 };
    }),
  };
}
