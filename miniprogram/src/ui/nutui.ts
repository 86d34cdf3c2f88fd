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

export {
  Button,
  Dialog,
  Empty,
  InputNumber,
  Popup,
  SearchBar,
  TabPane,
  Tabs,
  Tag,
  TextArea,
} from "@nutui/nutui-react-taro";
