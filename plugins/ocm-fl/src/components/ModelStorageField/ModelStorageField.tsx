import { useEffect } from 'react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';

/** A job spec's `storage`, as the templates offer it. */
export type ModelStorage =
  | { type: 's3'; location?: string }
  | { type: 'pvc'; size?: string };

const DEFAULTS = {
  s3: { type: 's3', location: 'models' },
  pvc: { type: 'pvc', size: '10Gi' },
} as const;

/**
 * `ui:field: OcmModelStorage`: S3 in a configured location, or a PVC. Switching gives a
 * value that holds only the chosen kind's fields: the form's own oneOf switch leaves the
 * other kind's keys behind (as undefined), which the storage schema refuses as unknown.
 */
export function ModelStorageField(
  props: FieldExtensionComponentProps<ModelStorage>,
) {
  const { formData, onChange, schema, idSchema, rawErrors } = props;
  const value: ModelStorage = formData?.type ? formData : DEFAULTS.s3;
  const id = idSchema?.$id ?? 'storage';
  // What the field shows is what the form holds, also before anything is chosen.
  useEffect(() => {
    if (!formData?.type) onChange({ ...DEFAULTS.s3 });
  }, [formData, onChange]);

  return (
    <FormControl
      component="fieldset"
      margin="normal"
      fullWidth
      error={!!rawErrors?.length}
    >
      <FormLabel component="legend">
        {schema.title ?? 'Where the model goes'}
      </FormLabel>
      <RadioGroup
        aria-label={schema.title ?? 'Where the model goes'}
        value={value.type}
        onChange={e =>
          onChange({ ...DEFAULTS[e.target.value as ModelStorage['type']] })
        }
      >
        <FormControlLabel
          value="s3"
          control={<Radio color="primary" />}
          label="S3, in a location the platform team configured"
        />
        <FormControlLabel
          value="pvc"
          control={<Radio color="primary" />}
          label="A PVC on the aggregator cluster"
        />
      </RadioGroup>
      <TextField
        {...(value.type === 's3'
          ? {
              id: `${id}_location`,
              label: 'Storage location',
              value: value.location ?? '',
              onChange: e =>
                onChange({ type: 's3', location: e.target.value || undefined }),
              helperText:
                'A location of ocmFl.storage.locations: its bucket, prefix, credentials and uploader come from there. "models" is the development one.',
            }
          : {
              id: `${id}_size`,
              label: 'Size',
              value: value.size ?? '',
              onChange: e =>
                onChange({ type: 'pvc', size: e.target.value || undefined }),
              helperText:
                'A Kubernetes quantity such as 10Gi; the PVC stays on the aggregator cluster after the job.',
            })}
        inputProps={{ autoComplete: 'off' }}
        margin="normal"
        fullWidth
      />
      {rawErrors?.map(error => (
        <FormHelperText key={error}>{error}</FormHelperText>
      ))}
    </FormControl>
  );
}
