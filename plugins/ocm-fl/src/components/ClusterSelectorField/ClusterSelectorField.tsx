import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { PlacementSelection } from '@ocm-fl/backstage-plugin-ocm-fl-common';
import Box from '@material-ui/core/Box';
import FormControl from '@material-ui/core/FormControl';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import Autocomplete from '@material-ui/lab/Autocomplete';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { ocmFlApiRef } from '../../api/OcmFlApi';
import { PlacementPreview } from '../../api/types';
import { PlacementPreviewPanel } from './PlacementPreviewPanel';
import { RequirementsEditor } from './RequirementsEditor';
import { EditableSelection, fromEditable, toEditable } from './selection';
import { minClientsOf } from './shortfall';

/** Typing pauses this long before the preview asks the backend. */
export const PREVIEW_DEBOUNCE_MS = 400;

/**
 * `ui:field: OcmClusterSelector`: edits the clients' placement (cluster sets, label and
 * ClusterClaim requirements, number of clusters) and previews, live, which clusters it
 * selects and why each other one is out. Its value is the job spec's `clients.placement`.
 */
export function ClusterSelectorField(
  props: FieldExtensionComponentProps<PlacementSelection>,
) {
  const {
    formData,
    onChange,
    schema,
    rawErrors,
    required,
    idSchema,
    formContext,
    uiSchema,
  } = props;
  const api = useApi(ocmFlApiRef);
  // The scaffolder hands an object field `{}` (or nothing) before the user touched it:
  // the template's default is what to show then.
  const unset =
    formData === undefined ||
    formData === null ||
    Object.keys(formData).length === 0;
  // Local state keeps rows that are still being typed (the value leaves them out).
  const [editable, setEditable] = useState<EditableSelection>(() =>
    toEditable(
      unset ? (schema.default as PlacementSelection | undefined) : formData,
    ),
  );
  const placement = useMemo(() => fromEditable(editable), [editable]);
  // The scaffolder's form context holds every step's values; minClients is on the first.
  const minClients = minClientsOf(formContext?.formData);
  // `ui:options: {exactlyMinClients: true}`: an OpenFL job trains with exactly minClients
  // clusters, so an empty Number of clusters is minClients (the job spec fills it so), and
  // the preview shows the clusters the launch would take, not every match.
  const exactlyMinClients =
    uiSchema?.['ui:options']?.exactlyMinClients === true;
  const previewed =
    exactlyMinClients &&
    placement.numberOfClusters === undefined &&
    minClients !== undefined
      ? { ...placement, numberOfClusters: minClients }
      : placement;
  const emitted = useRef<string>();
  const emit = (value: PlacementSelection) => {
    emitted.current = JSON.stringify(value);
    onChange(value);
  };
  const edit = (patch: Partial<EditableSelection>) => {
    const next = { ...editable, ...patch };
    setEditable(next);
    emit(fromEditable(next));
  };

  // The form may set the value itself (a relaunch's formData, going back a step): show
  // that value unless it is the one this field just emitted.
  const incoming = unset ? undefined : JSON.stringify(formData);
  useEffect(() => {
    if (emitted.current === undefined && incoming === undefined) {
      // Nothing in the form yet: the shown default becomes the value.
      emit(placement);
    } else if (incoming !== undefined && incoming !== emitted.current) {
      emitted.current = incoming;
      setEditable(toEditable(JSON.parse(incoming)));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [incoming]);

  const clusterSetOptions = useAsync(async () => {
    const page = await api.getClusters({ limit: 1000 });
    return [
      ...new Set(page.items.flatMap(c => (c.clusterSet ? [c.clusterSet] : []))),
    ].sort();
  }, [api]);

  const [preview, setPreview] = useState<{
    result?: PlacementPreview;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  // Only the answer to the latest request is shown; older ones may arrive later.
  const latestRequest = useRef(0);
  useDebounce(
    () => {
      const request = ++latestRequest.current;
      setPreview(p => ({ ...p, loading: true }));
      api
        .previewPlacement({ placement: previewed })
        .then(result => {
          if (request === latestRequest.current)
            setPreview({ result, loading: false });
        })
        .catch(error => {
          if (request === latestRequest.current)
            setPreview({ error, loading: false });
        });
    },
    PREVIEW_DEBOUNCE_MS,
    [JSON.stringify(previewed)],
  );

  return (
    // The scaffolder's field template lists rawErrors (the validation's cause) below.
    <FormControl
      component="fieldset"
      required={required}
      error={!!rawErrors?.length}
      fullWidth
      id={idSchema?.$id}
    >
      <FormLabel component="legend">{schema.title ?? 'Clusters'}</FormLabel>
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      <Box mt={2}>
        <Autocomplete
          multiple
          freeSolo
          options={clusterSetOptions.value ?? []}
          value={editable.clusterSets}
          onChange={(_, value) => edit({ clusterSets: value as string[] })}
          renderInput={params => (
            <TextField
              {...params}
              variant="outlined"
              label="Cluster sets"
              helperText="Empty means every cluster set bound to the job namespace. Type a name and press Enter."
            />
          )}
        />
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2" component="h3">
          Cluster labels (all must hold)
        </Typography>
        <RequirementsEditor
          noun="label"
          rows={editable.labels}
          onChange={labels => edit({ labels })}
        />
      </Box>
      <Box mt={2}>
        <Typography variant="subtitle2" component="h3">
          ClusterClaims (all must hold)
        </Typography>
        <RequirementsEditor
          noun="claim"
          rows={editable.claims}
          onChange={claims => edit({ claims })}
        />
      </Box>
      {editable.otherPredicates.length > 0 && (
        <Typography variant="body2" color="textSecondary">
          {editable.otherPredicates.length} more alternative selector(s) from
          the job being relaunched are kept as they are.
        </Typography>
      )}
      <Box mt={2}>
        <TextField
          id="ocm-fl-number-of-clusters"
          label="Number of clusters"
          type="number"
          variant="outlined"
          size="small"
          inputProps={{ min: 1 }}
          value={editable.numberOfClusters ?? ''}
          onChange={e =>
            edit({
              numberOfClusters:
                e.target.value === '' ? undefined : Number(e.target.value),
            })
          }
          helperText={
            exactlyMinClients
              ? `Empty means minClients${
                  minClients === undefined ? '' : ` (${minClients})`
                }: OpenFL trains with exactly that many`
              : 'Empty means every cluster that matches'
          }
        />
      </Box>
      <Box mt={3}>
        <PlacementPreviewPanel
          preview={preview.result}
          loading={preview.loading}
          error={preview.error}
          minClients={minClients}
        />
      </Box>
    </FormControl>
  );
}
