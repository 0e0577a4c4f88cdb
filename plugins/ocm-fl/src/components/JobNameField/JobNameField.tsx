import { useEffect, useRef } from 'react';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import TextField from '@material-ui/core/TextField';
import { jobNameProblem, MAX_JOB_NAME_LENGTH } from './jobName';

/**
 * `ui:field: OcmJobName`: the job name, checked as it is typed. A wrong name is reported
 * in words under the field and to the browser, which then refuses Next with the same
 * words before the form's schema check runs: that check would show the raw pattern in a
 * banner that stays after the name is corrected.
 */
export function JobNameField(props: FieldExtensionComponentProps<string>) {
  const { formData, onChange, schema, required, idSchema, rawErrors } = props;
  const value = formData ?? '';
  const problem = jobNameProblem(value);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.setCustomValidity(problem ?? '');
  }, [problem]);

  return (
    <TextField
      id={idSchema?.$id}
      inputRef={input}
      label={schema.title ?? 'Job name'}
      required={required}
      value={value}
      // Empty is no value, so the form's `required` catches it.
      onChange={e => onChange(e.target.value || undefined)}
      error={!!problem || !!rawErrors?.length}
      helperText={problem ?? schema.description}
      inputProps={{ maxLength: MAX_JOB_NAME_LENGTH, autoComplete: 'off' }}
      margin="normal"
      fullWidth
    />
  );
}
