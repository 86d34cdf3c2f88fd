import { useEffect, useState } from "react";

import { getCustomer } from "../api/customers";

/**
 * Looks up the names of the customers a list mentions by id, one call per
 * id not seen before. An id whose lookup fails shows as itself.
 */
export function useCustomerNames(customerIds: readonly string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(customerIds)].sort().join(",");

  useEffect(() => {
    let isCurrent = true;
    const missing = key === "" ? [] : key.split(",").filter((id) => !(id in names));
    for (const customerId of missing) {
      getCustomer(customerId).then(
        (customer) => {
          if (isCurrent) setNames((known) => ({ ...known, [customerId]: customer.name }));
        },
        () => undefined,
      );
    }
    return () => {
      isCurrent = false;
    };
    // Only a new set of ids starts lookups; adding a name must not.
  }, [key]);

  return names;
}
