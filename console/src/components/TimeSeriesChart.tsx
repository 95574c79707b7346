import { useEffect, useRef } from 'preact/hooks'
import uPlot from 'uplot'
import 'uplot/dist/uPlot.min.css'

export interface ChartSeries {
  label: string
  /** A CSS custom property holding the line's colour, e.g. `--series-in`. */
  colorVar: string
  values: number[]
}

interface Props {
  /** Names the chart for screen readers, with the latest values. */
  title: string
  /** Seconds since the epoch. */
  times: number[]
  series: ChartSeries[]
  format: (value: number) => string
  height?: number
}

/**
 * A time series drawn by uPlot. A canvas says nothing to a screen reader, so the chart carries a label
 * with each series' latest value, and the legend (text) follows the pointer.
 */
export function TimeSeriesChart({ title, times, series, format, height = 200 }: Props) {
  const container = useRef<HTMLDivElement>(null)
  const plot = useRef<uPlot | null>(null)
  const labels = series.map((s) => s.label).join('\u0000')
  useEffect(() => {
    const element = container.current
    if (!element) return
    const style = getComputedStyle(element)
    const color = (name: string) => style.getPropertyValue(name).trim() || 'currentColor'
    const axis = { stroke: color('--text-muted'), grid: { stroke: color('--border'), width: 1 } }
    const chart = new uPlot(
      {
        width: element.clientWidth || 600,
        height,
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [axis, { ...axis, values: (_u, splits) => splits.map(format), size: 70 }],
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: color(s.colorVar),
            width: 2,
            value: (_u: uPlot, v: number | null) => (v == null ? '–' : format(v)),
          })),
        ],
        cursor: { drag: { x: false, y: false } },
      },
      [times, ...series.map((s) => s.values)],
      element,
    )
    plot.current = chart
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height }))
    resize.observe(element)
    return () => {
      resize.disconnect()
      chart.destroy()
      plot.current = null
    }
  }, [labels, height])

  useEffect(() => {
    plot.current?.setData([times, ...series.map((s) => s.values)])
  })

  const latest = series.map(
    (s) => `${s.label} ${s.values.length ? format(s.values.at(-1) as number) : 'no data yet'}`,
  )
  return <div class="chart" ref={container} role="img" aria-label={`${title}: ${latest.join(', ')}`} />
}
