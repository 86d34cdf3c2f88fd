/**
 * Value for a boolean prop of a Taro button (`disabled`, `loading`). In h5,
 * Taro renders `disabled={false}` as the attribute disabled="false", and
 * the button styles match any [disabled] or [loading] attribute, so an
 * enabled button would look disabled. Leaving the prop out avoids that.
 */
export function presentIf(condition: boolean): true | undefined {
  return condition ? true : undefined;
}
