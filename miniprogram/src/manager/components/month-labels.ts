/** Most month labels under the chart: more would overlap on a 390-pixel-wide phone. */
const MAX_MONTH_LABELS = 6;

/**
 * Returns axis labels for the months, keyed by month: every n-th month is
 * labelled so that at most MAX_MONTH_LABELS show, as "1月", and the first
 * label of each year also shows the year, as "26年1月".
 */
export function monthAxisLabels(months: readonly string[]): Map<string, string> {
  const step = Math.max(1, Math.ceil(months.length / MAX_MONTH_LABELS));
  const labels = new Map<string, string>();
  let labelledYear = "";
  months.forEach((month, index) => {
    if (index % step !== 0) {
      labels.set(month, "");
      return;
    }
    const [year, monthNumber] = month.split("-");
    const short = `${Number(monthNumber)}月`;
    labels.set(month, year === labelledYear ? short : `${year.slice(2)}年${short}`);
    labelledYear = year;
  });
  return labels;
}
