// Runs doctor() once for the window (the probe takes a moment) and on request; feeds Diagnostics and the encoder picker.

import { useCallback, useEffect, useState } from 'react';
import type { DoctorReport, SrtCompanionApi } from '../../../shared/ipcContract';

export interface DoctorState {
  report: DoctorReport | null;
  error: string | null;
  loading: boolean;
  refresh(): Promise<void>;
}

export function useDoctor(api: SrtCompanionApi): DoctorState {
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  const refresh = useCallback(async () => {
    setLoading(true);
    try {
      const r = await api.doctor();
      if (r.ok) {
        setReport(r.value);
        setError(null);
      } else {
        setError(r.message);
      }
    } finally {
      setLoading(false);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return { report, error, loading, refresh };
}
