/**
 * Year-end projection of a monthly stock series: it starts from the last actual month and adds the change a
 * linear trend on the last months (plus the monthly seasonal profile, when two full years are available)
 * expects from that month to December, with a prediction interval from the residuals. Pure functions, no I/O.
 *
 * Why from the last actual: a stock changes only month to month, so the fitted line's own value at the last
 * month (which lags a series that just accelerated) is not where the stock is; projecting the line itself put
 * a third of the demo's communes below their current count while they were still growing.
 */
import { formatDecimal } from '../format.ts';

export interface SeriesPoint {
  /** 'YYYY-MM-01' */
  period: string;
  value: number;
}

export interface ForecastOptions {
  /** Interval coverage, e.g. 0.8 for an 80 % prediction interval. */
  interval: number;
  /** How many of the latest months the trend is fitted on (e.g. 24). */
  trendMonths: number;
  /** 'YYYY-MM-01' of the month to project to (default: December of the last point's year); the back-test sets it. */
  until?: string;
}

export type ForecastMethod = 'actual' | 'last_value' | 'linear_trend' | 'linear_trend_seasonal';

export interface Forecast {
  /** 'YYYY-MM-01' of the projected month (December of the as-of year). */
  targetPeriod: string;
  point: number;
  lower: number;
  upper: number;
  method: ForecastMethod;
  /** Months the model was fitted on, the slope per month and the residual standard deviation. */
  months: number;
  slopePerMonth: number;
  residualSd: number;
  /** Projected values for each month after the last one up to targetPeriod (for the chart's band). */
  path: Array<{ period: string; point: number; lower: number; upper: number }>;
}

export const FORECAST_METHOD_LABELS: Record<ForecastMethod, string> = {
  actual: 'Số thực tế tháng 12',
  last_value: 'Giữ nguyên số tháng gần nhất (chưa đủ dữ liệu để ước lượng xu hướng)',
  linear_trend: 'Số tháng gần nhất cộng mức tăng/giảm theo xu hướng tuyến tính các tháng gần nhất',
  linear_trend_seasonal: 'Số tháng gần nhất cộng mức tăng/giảm theo xu hướng tuyến tính và hệ số mùa vụ theo tháng',
};

/** The forecast method in a few sentences, for the pages' help (the overview, the commune page, the simulator). */
export function forecastHelp(settings: { trendMonths: number; interval: number }): string {
  return (
    'Dự báo cuối năm bắt đầu từ số người tham gia của tháng có dữ liệu gần nhất, cộng mức tăng (hoặc giảm) mỗi tháng ' +
    `theo xu hướng tuyến tính của ${settings.trendMonths} tháng gần nhất, có tính hệ số mùa vụ theo tháng khi đủ hai năm số liệu. ` +
    'Khi xu hướng đi lên hoặc đi ngang, dự báo không thấp hơn số hiện tại; dự báo chỉ thấp hơn số hiện tại khi số người ' +
    `tham gia đang giảm. Khoảng dự báo ${formatDecimal(settings.interval * 100, 1)} % tính từ mức dao động của số liệu các tháng quanh xu hướng. ` +
    'Có dưới 4 tháng số liệu thì giữ nguyên số tháng gần nhất; khi đã có số tháng 12 thì dùng số thực tế.'
  );
}

/** Month index (months since year 0) of 'YYYY-MM-..'. */
export const monthIndex = (period: string) => Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1;
export const periodOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;

/** Inverse of the standard normal distribution function (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pl) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

interface Fit {
  intercept: number;
  slope: number;
  xMean: number;
  sxx: number;
}

function linearFit(xs: number[], ys: number[]): Fit {
  const n = xs.length;
  const xMean = xs.reduce((a, b) => a + b, 0) / n;
  const yMean = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - xMean) * (ys[i] - yMean);
    sxx += (xs[i] - xMean) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return { intercept: yMean - slope * xMean, slope, xMean, sxx };
}

/**
 * Projects the series to December of the year of its last point. The series must be monthly and
 * sorted; missing months are allowed (the fit uses the months present). Values are stocks (≥ 0).
 */
export function forecastYearEnd(series: SeriesPoint[], options: ForecastOptions): Forecast | null {
  if (series.length === 0) return null;
  const sorted = [...series].sort((a, b) => monthIndex(a.period) - monthIndex(b.period));
  const last = sorted[sorted.length - 1];
  const lastIdx = monthIndex(last.period);
  const year = Math.floor(lastIdx / 12);
  const targetIdx = options.until ? Math.max(lastIdx, monthIndex(options.until)) : year * 12 + 11;
  const targetPeriod = periodOf(targetIdx);
  const z = normalQuantile(0.5 + options.interval / 2);

  if (lastIdx === targetIdx) {
    return { targetPeriod, point: last.value, lower: last.value, upper: last.value, method: 'actual', months: 1, slopePerMonth: 0, residualSd: 0, path: [] };
  }
  const window = sorted.filter((p) => monthIndex(p.period) > lastIdx - Math.max(3, options.trendMonths));
  const n = window.length;
  const horizon = Array.from({ length: targetIdx - lastIdx }, (_, k) => lastIdx + k + 1);

  if (n < 4) {
    // Too short for a trend: carry the last value; the interval reflects the month-to-month changes seen.
    const diffs = window.slice(1).map((p, i) => p.value - window[i].value);
    const sd = diffs.length ? Math.sqrt(diffs.reduce((a, d) => a + d * d, 0) / diffs.length) : 0;
    const path = horizon.map((m, k) => {
      const half = z * sd * Math.sqrt(k + 1);
      return { period: periodOf(m), point: last.value, lower: Math.max(0, last.value - half), upper: last.value + half };
    });
    const end = path[path.length - 1];
    return { targetPeriod, point: end.point, lower: end.lower, upper: end.upper, method: 'last_value', months: n, slopePerMonth: 0, residualSd: sd, path };
  }

  const xs = window.map((p) => monthIndex(p.period) - lastIdx);
  const ys = window.map((p) => p.value);
  // Seasonal profile only when every calendar month is seen at least twice (two full years).
  const perMonth = new Array(12).fill(0);
  window.forEach((p) => perMonth[monthIndex(p.period) % 12]++);
  const seasonal = perMonth.every((c) => c >= 2);
  let season = new Array(12).fill(0);
  let fit = linearFit(xs, ys);
  if (seasonal) {
    // Backfitting: alternate the trend and the (zero-mean) monthly profile until they settle; this
    // converges to the joint least-squares fit of trend + calendar-month effects.
    for (let iter = 0; iter < 100; iter++) {
      const sums = new Array(12).fill(0);
      window.forEach((p, i) => (sums[monthIndex(p.period) % 12] += ys[i] - (fit.intercept + fit.slope * xs[i])));
      const raw = sums.map((s, m) => s / perMonth[m]);
      const mean = raw.reduce((a, b) => a + b, 0) / 12;
      const next = raw.map((s) => s - mean);
      const change = Math.max(...next.map((s, m) => Math.abs(s - season[m])));
      season = next;
      fit = linearFit(xs, window.map((p, i) => ys[i] - season[monthIndex(p.period) % 12]));
      if (change < 1e-9) break;
    }
  }
  const fitted = window.map((p, i) => fit.intercept + fit.slope * xs[i] + season[monthIndex(p.period) % 12]);
  const dof = n - 2 - (seasonal ? 11 : 0);
  const sse = ys.reduce((a, y, i) => a + (y - fitted[i]) ** 2, 0);
  const sd = dof > 0 ? Math.sqrt(sse / dof) : 0;

  // Anchored at the last actual: only the trend's (and season's) change from the last month is projected.
  // A trend that is not down never takes the stock below where it is.
  const path = horizon.map((m) => {
    const x = m - lastIdx;
    const change = fit.slope * x + season[m % 12] - season[lastIdx % 12];
    const point = Math.max(0, fit.slope >= 0 ? last.value + Math.max(0, change) : last.value + change);
    const se = sd * Math.sqrt(1 + 1 / n + (fit.sxx > 0 ? (x - fit.xMean) ** 2 / fit.sxx : 0));
    return { period: periodOf(m), point, lower: Math.max(0, point - z * se), upper: point + z * se };
  });
  const end = path[path.length - 1];
  return {
    targetPeriod,
    point: end.point,
    lower: end.lower,
    upper: end.upper,
    method: seasonal ? 'linear_trend_seasonal' : 'linear_trend',
    months: n,
    slopePerMonth: fit.slope,
    residualSd: sd,
    path,
  };
}

export type ProgressStatus = 'on_track' | 'at_risk' | 'off_track';

export const STATUS_LABELS: Record<ProgressStatus, string> = {
  on_track: 'Đạt tiến độ',
  at_risk: 'Có nguy cơ',
  off_track: 'Chậm tiến độ',
};
/** The status of a unit without a target for the year. */
export const NO_TARGET_LABEL = 'Chưa có chỉ tiêu';
export const statusLabel = (status: ProgressStatus | null) => (status ? STATUS_LABELS[status] : NO_TARGET_LABEL);

export const STATUS_RULE =
  'Đạt tiến độ: số dự báo cuối năm (hoặc số thực tế) ≥ chỉ tiêu; Có nguy cơ: dự báo dưới chỉ tiêu nhưng chỉ tiêu còn trong khoảng dự báo; Chậm tiến độ: cận trên của khoảng dự báo vẫn dưới chỉ tiêu.';

/** Status of a projection against a target (null when there is no target or no projection). */
export function statusOf(actual: number | null, forecast: Pick<Forecast, 'point' | 'upper'> | null, target: number | null): ProgressStatus | null {
  if (target == null || forecast == null) return null;
  if ((actual != null && actual >= target) || forecast.point >= target) return 'on_track';
  if (forecast.upper >= target) return 'at_risk';
  return 'off_track';
}

const SEVERITY: Record<ProgressStatus, number> = { on_track: 0, at_risk: 1, off_track: 2 };

/** The worse of several statuses (nulls ignored). */
export function worstStatus(...statuses: Array<ProgressStatus | null>): ProgressStatus | null {
  let worst: ProgressStatus | null = null;
  for (const s of statuses) if (s && (worst === null || SEVERITY[s] > SEVERITY[worst])) worst = s;
  return worst;
}
