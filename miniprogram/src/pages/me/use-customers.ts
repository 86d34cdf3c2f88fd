import { useEffect, useState } from "react";

import { listCustomers, type CustomerOption } from "../../api/customers";
import { signOutIfUnauthenticated } from "../../session/use-session";

export interface CustomersState {
  customers: CustomerOption[];
  isLoading: boolean;
  error: unknown;
}

/** Loads the customers a salesperson or clerk may order for. */
export function useCustomers(isEnabled: boolean): CustomersState {
  const [customers, setCustomers] = useState<CustomerOption[]>([]);
  const [isLoading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!isEnabled) return;
    let isCurrent = true;
    setLoading(true);
    listCustomers().then(
      (page) => {
        if (!isCurrent) return;
        setCustomers(page.items);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!isCurrent) return;
        signOutIfUnauthenticated(failure);
        setError(failure);
        setLoading(false);
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [isEnabled]);

  return { customers, isLoading, error };
}
