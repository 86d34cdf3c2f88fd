/**
 * The NutUI components the pages use, with their styles. Pages import
 * components from here, so each component's CSS is loaded once and the
 * rest of NutUI stays out of the bundle.
 */
import "@nutui/nutui-react-taro/dist/es/packages/button/style/css";
import "@nutui/nutui-react-taro/dist/es/packages/inputnumber/style/css";
import "@nutui/nutui-react-taro/dist/es/packages/tabs/style/css";
import "@nutui/nutui-react-taro/dist/es/packages/popup/style/css";
import "@nutui/nutui-react-taro/dist/es/packages/tag/style/css";
import "@nutui/nutui-react-taro/dist/es/packages/dialog/style/css";
import "@nutui/nutui-react-taro/dist/es/packages/searchbar/style/css";
import "@nutui/nutui-react-taro/dist/es/packages/textarea/style/css";
import "@nutui/nutui-react-taro/dist/es/packages/empty/style/css";

// Each component comes from its own module. The package index re-exports
// every component, lottie among them, and when the index was imported from
// the main package and a subpackage, the weapp build put lottie in the
// main package's vendors.js.
export { default as Button } from "@nutui/nutui-react-taro/dist/es/packages/button";
export { default as Dialog } from "@nutui/nutui-react-taro/dist/es/packages/dialog";
export { default as Empty } from "@nutui/nutui-react-taro/dist/es/packages/empty";
export { default as InputNumber } from "@nutui/nutui-react-taro/dist/es/packages/inputnumber";
export { default as Popup } from "@nutui/nutui-react-taro/dist/es/packages/popup";
export { default as SearchBar } from "@nutui/nutui-react-taro/dist/es/packages/searchbar";
export { default as TabPane } from "@nutui/nutui-react-taro/dist/es/packages/tabpane";
export { default as Tabs } from "@nutui/nutui-react-taro/dist/es/packages/tabs";
export { default as Tag } from "@nutui/nutui-react-taro/dist/es/packages/tag";
export { default as TextArea } from "@nutui/nutui-react-taro/dist/es/packages/textarea";
