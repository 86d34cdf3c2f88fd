import { useEffect, useRef } from "react";
import Taro from "@tarojs/taro";
import { Canvas, View } from "@tarojs/components";
import {
  Axis,
  Canvas as F2Canvas,
  Chart,
  Interval,
  createElement,
} from "@antv/f2";

/**
 * F2's createElement, typed loosely: its ElementType does not accept the
 * generic chart classes (Chart, Axis, Interval) that F2 5.14 itself exports.
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
  height?: number;
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

/** A vertical bar chart drawn by AntV F2 on a canvas. */
export function BarChart({
  canvasId,
  data,
  formatValue,
  height = 200,
}: BarChartProps) {
  const chartRef = useRef<F2Canvas | null>(null);

  useEffect(() => {
    let isCurrent = true;
    // The canvas exists only after Taro has rendered the page.
    Taro.nextTick(() => {
      void findCanvas(canvasId).then((target) => {
        if (!target || !isCurrent) return;
        chartRef.current?.destroy();
        const chart = element(
          Chart,
          { data },
          element(Axis, { field: "label" }),
          element(Axis, { field: "value", formatter: formatValue }),
          element(Interval, { x: "label", y: "value", color: "#1a73e8" }),
        );
        const canvas = new F2Canvas({
          context: target.context,
          pixelRatio: target.pixelRatio,
          width: target.width,
          height: target.height,
          animate: false,
          children: chart,
        });
        void canvas.render();
        chartRef.current = canvas;
      });
    });
    return () => {
      isCurrent = false;
    };
  }, [canvasId, data, formatValue]);

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
