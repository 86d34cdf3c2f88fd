/**
 * NutUI components that only staff subpackages use. Their styles load
 * with those pages, so they stay out of the main package every customer
 * downloads.
 */
import "@nutui/nutui-react-taro/dist/es/packages/switch/style/css";

export { Switch } from "@nutui/nutui-react-taro";
