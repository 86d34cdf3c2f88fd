import { useEffect, useRef } from "react";
import Taro from "@tarojs/taro";
import { Canvas, View } from "@tarojs/components";
import {
  Axis,
  Canvas as F2Canvas,
  Chart,
  Interval,
  Legend,
  createElement,
} from "@antv/f2";

/**
 * F2's createElement, typed loosely: its ElementType does not accept the
 * generic chart classes (Chart, Axis, Interval, Legend) that F2 5.14 itself exports.
 */
const element = createElement as unknown as (
  type: unknown,
  props: object,
  ...children: unknown[]
) => ReturnType<typeof createElement>;

export interface BarDatum {
  label: string;
  value: number;
}

interface BarChartProps {
  /** Unique on the page: the canvas is found by this id. */
  canvasId: string;
  data: BarDatum[];
  /** Formats a value for the value axis, e.g. fen as "¥1.2万". */
  formatValue?: (value: number) => string;
  /** Formats a label for the label axis. An empty string leaves that bar unlabelled. */
  formatLabel?: (label: string) => string;
  height?: number;
  /** Draws the bars from left to right, with the labels down the side, in data order from the top. */
  isHorizontal?: boolean;
}

interface CanvasTarget {
  context: CanvasRenderingContext2D;
  width: number;
  height: number;
  pixelRatio: number;
}

/**
 * Finds the 2D context of the page's canvas. In weapp it is the node of a
 * `type="2d"` canvas from a selector query. In h5, Taro wraps the
 * <canvas> element, so the element is looked up inside the wrapper.
 */
function findCanvas(canvasId: string): Promise<CanvasTarget | null> {
  const pixelRatio = Taro.getSystemInfoSync().pixelRatio || 1;
  if (process.env.TARO_ENV === "h5") {
    const host = document.getElementById(canvasId);
    const element =
      host?.tagName === "CANVAS" ? host : host?.querySelector("canvas");
    if (!(element instanceof HTMLCanvasElement)) return Promise.resolve(null);
    const { width, height } = element.getBoundingClientRect();
    element.width = width * pixelRatio;
    element.height = height * pixelRatio;
    const context = element.getContext("2d");
    return Promise.resolve(
      context ? { context, width, height, pixelRatio } : null,
    );
  }
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${canvasId}`)
      .fields({ node: true, size: true })
      .exec(
        (
          results: {
            node?: HTMLCanvasElement;
            width: number;
            height: number;
          }[],
        ) => {
          const found = results[0];
          if (!found?.node) return resolve(null);
          found.node.width = found.width * pixelRatio;
          found.node.height = found.height * pixelRatio;
          const context = found.node.getContext("2d");
          resolve(
            context
              ? {
                  context,
                  width: found.width,
                  height: found.height,
                  pixelRatio,
                }
              : null,
          );
        },
      );
  });
}

/** Axis labels in 750-wide design pixels, as F2's theme sizes are: 24px is about 12 CSS px on a phone. */
const AXIS_STYLE = { label: { fontSize: "24px" } };

/**
 * Returns a converter of F2's sizes, given in pixels of a 750-wide design,
 * to the screen's CSS pixels. F2 5's default reads the root font size as a
 * rem base, which Taro's H5 build sets for its own units, and there the
 * labels came out about 4 px high. The window width is read once per
 * chart, because F2 converts every style value.
 */
function designPxToScreen(): (px: number) => number {
  const width = Taro.getSystemInfoSync().windowWidth || 375;
  return (px) => Number(((px * width) / 750).toFixed(1));
}

/**
 * Draws the F2 element that `build` returns on a canvas of the page, again
 * whenever `dependencies` change.
 */
function F2CanvasHost({
  canvasId,
  height,
  build,
  dependencies,
}: {
  canvasId: string;
  height: number;
  build: () => ReturnType<typeof createElement>;
  dependencies: unknown[];
}) {
  const chartRef = useRef<F2Canvas | null>(null);
  const buildRef = useRef(build);
  buildRef.current = build;

  useEffect(() => {
    let isCurrent = true;
    // The canvas exists only after Taro has rendered the page.
    Taro.nextTick(() => {
      void findCanvas(canvasId).then((target) => {
        if (!target || !isCurrent) return;
        chartRef.current?.destroy();
        const canvas = new F2Canvas({
          context: target.context,
          px2hd: designPxToScreen(),
          pixelRatio: target.pixelRatio,
          width: target.width,
          height: target.height,
          animate: false,
          children: buildRef.current(),
        });
        void canvas.render();
        chartRef.current = canvas;
      });
    });
    return () => {
      isCurrent = false;
    };
  }, [canvasId, ...dependencies]);

  useEffect(() => () => chartRef.current?.destroy(), []);

  return (
    <View className="bar-chart" style={{ height: `${height}px` }}>
      <Canvas
        id={canvasId}
        type="2d"
        style={{ width: "100%", height: `${height}px` }}
      />
    </View>
  );
}

/** Draws a bar chart with AntV F2 on a canvas, vertical unless `isHorizontal`. */
export function BarChart({
  canvasId,
  data,
  formatValue,
  formatLabel,
  height = 200,
  isHorizontal = false,
}: BarChartProps) {
  return (
    <F2CanvasHost
      canvasId={canvasId}
      height={height}
      dependencies={[data, formatValue, formatLabel, isHorizontal]}
      build={() =>
        // A transposed chart draws the first category at the bottom, so
        // the data is reversed to keep the first item on top.
        element(
          Chart,
          isHorizontal
            ? { data: [...data].reverse(), coord: { transposed: true } }
            : { data },
          element(Axis, {
            field: "label",
            formatter: formatLabel,
            style: AXIS_STYLE,
          }),
          element(Axis, {
            field: "value",
            formatter: formatValue,
            style: AXIS_STYLE,
          }),
          element(Interval, { x: "label", y: "value", color: "#1a73e8" }),
        )
      }
    />
  );
}

/** Slice colours of a share chart, in data order. More slices than colours reuse them. */
const SHARE_COLORS = [
  "#1a73e8",
  "#34a853",
  "#fbbc04",
  "#ea4335",
  "#9334e6",
  "#12b5cb",
  "#e8710a",
  "#80868b",
];

interface ShareChartProps {
  canvasId: string;
  /** Parts of a whole, such as each region's amount. The chart shows their shares. */
  data: BarDatum[];
  height?: number;
}

/** Draws a ring chart of each part's share of the whole, with a legend of the labels beside it. */
export function ShareChart({ canvasId, data, height = 200 }: ShareChartProps) {
  return (
    <F2CanvasHost
      canvasId={canvasId}
      height={height}
      dependencies={[data]}
      build={() =>
        // A polar, transposed coordinate turns one stacked bar into a ring,
        // so every slice shares the constant x value "all".
        element(
          Chart,
          {
            data: data.map((datum) => ({ ...datum, whole: "all" })),
            coord: { type: "polar", transposed: true, innerRadius: 0.55, radius: 0.85 },
          },
          element(Interval, {
            x: "whole",
            y: "value",
            adjust: "stack",
            color: { field: "label", range: SHARE_COLORS },
          }),
          element(Legend, {
            position: "right",
            clickable: false,
            nameStyle: { fontSize: "24px" },
          }),
        )
      }
    />
  );
}
