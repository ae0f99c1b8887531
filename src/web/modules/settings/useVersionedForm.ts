import { useEffect, useState } from 'react';
import { App, type FormInstance } from 'antd';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { applyServerErrors } from '../../components/form-errors';
import { ApiError } from '../../lib/api';

/**
 * A settings form over one versioned record (If-Match): the form follows the record while the user has not
 * touched it; a save carries the version the form was filled from; when someone else saved first, the form is
 * filled with what is in force now and `conflict` says so, for the user to decide again. The light thresholds and
 * the reporting rules share one settings row, so a save also refreshes the other card (`alsoRefresh`).
 */
export function useVersionedForm<V extends object, R extends V & { version: number }>(opts: {
  form: FormInstance<V>;
  data: R | undefined;
  queryKey: QueryKey;
  /** The record read again after a conflict. */
  fetchFresh: () => Promise<R>;
  pick: (r: R) => V;
  save: (version: number, v: V) => Promise<R>;
  saved: string;
  alsoRefresh?: QueryKey;
}) {
  const { message } = App.useApp();
  const qc = useQueryClient();
  const { form, data, pick } = opts;
  // The version the form was filled from, and whether the user changed the form since (onValuesChange fires for
  // the user's edits only).
  const [readVersion, setReadVersion] = useState<number | null>(null);
  const [dirty, setDirty] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [formError, setFormError] = useState<unknown>(null);

  useEffect(() => {
    if (data && (readVersion === null || (data.version !== readVersion && !dirty))) {
      form.setFieldsValue(pick(data) as Parameters<typeof form.setFieldsValue>[0]);
      setReadVersion(data.version);
    }
  }, [data, readVersion, dirty, form, pick]);

  const fill = (r: R) => {
    form.setFieldsValue(pick(r) as Parameters<typeof form.setFieldsValue>[0]);
    setReadVersion(r.version);
  };
  const save = useMutation({
    mutationFn: (v: V) => opts.save(readVersion ?? 0, v),
    onSuccess: (r) => {
      qc.setQueryData(opts.queryKey, r);
      if (opts.alsoRefresh) void qc.invalidateQueries({ queryKey: opts.alsoRefresh });
      setDirty(false);
      fill(r);
      message.success(opts.saved);
    },
    onError: async (e) => {
      if (e instanceof ApiError && (e.code === 'version_conflict' || e.status === 412)) {
        fill(await opts.fetchFresh());
        setConflict(true);
        return;
      }
      if (!applyServerErrors(form, e)) setFormError(e);
    },
  });

  return {
    save,
    conflict,
    formError,
    onFinish: (v: V) => {
      setFormError(null);
      setConflict(false);
      save.mutate(v);
    },
    onValuesChange: () => {
      setFormError(null);
      setDirty(true);
    },
  };
}
