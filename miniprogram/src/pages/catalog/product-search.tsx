import { useState } from "react";
import { View } from "@tarojs/components";

import { SEARCH_TEXT_MAX_LENGTH } from "../../../../shared/search";
import { SearchBar } from "../../ui/nutui";

interface ProductSearchProps {
  /** Class of the wrapper; the submit button gets `${className}-button`. */
  className: string;
  /** Test id of the wrapper; the submit button gets `${testId}-submit`. */
  testId: string;
  /** Receives the trimmed text on submit, and "" when the field is cleared. */
  onSearch: (text: string) => void;
}

/**
 * Renders the catalog search field (name, pinyin initials or barcode) with
 * a submit button. The text is searched only on submit, so typing does not
 * reload the catalog on every key.
 */
export function ProductSearch({ className, testId, onSearch }: ProductSearchProps) {
  const [draft, setDraft] = useState("");

  return (
    <View className={className} data-testid={testId}>
      <SearchBar
        value={draft}
        placeholder="商品名 / 拼音首字母 / 条码"
        maxLength={SEARCH_TEXT_MAX_LENGTH}
        onChange={(value) => setDraft(value)}
        onSearch={(value) => onSearch(value.trim())}
        onClear={() => {
          setDraft("");
          onSearch("");
        }}
        right={
          <View
            className={`${className}-button`}
            data-testid={`${testId}-submit`}
            onClick={() => onSearch(draft.trim())}
          >
            搜索
          </View>
        }
      />
    </View>
  );
}
