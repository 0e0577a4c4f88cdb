import { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ModelStorage, ModelStorageField } from './ModelStorageField';

/** The field as the scaffolder's form holds it, with the value shown for the test. */
function Form(props: { initial?: ModelStorage }) {
  const [value, setValue] = useState(props.initial);
  const fieldProps: any = {
    formData: value,
    onChange: setValue,
    schema: { title: 'Where the model goes' },
    uiSchema: {},
    rawErrors: [],
    idSchema: { $id: 'root_storage' },
  };
  return (
    <>
      <ModelStorageField {...fieldProps} />
      <output>{JSON.stringify(value ?? null)}</output>
    </>
  );
}

const shown = () => JSON.parse(screen.getByRole('status').textContent!);

describe('ModelStorageField', () => {
  it('switches between S3 and a PVC with only the chosen kind of fields in its value', async () => {
    await renderInTestApp(
      <Form initial={{ type: 's3', location: 'models' }} />,
    );

    expect(screen.getByLabelText('Storage location')).toHaveValue('models');
    await userEvent.click(
      screen.getByLabelText('A PVC on the aggregator cluster'),
    );
    expect(shown()).toEqual({ type: 'pvc', size: '10Gi' });
    await userEvent.clear(screen.getByLabelText('Size'));
    await userEvent.type(screen.getByLabelText('Size'), '5Gi');
    expect(shown()).toEqual({ type: 'pvc', size: '5Gi' });

    await userEvent.click(
      screen.getByLabelText('S3, in a location the platform team configured'),
    );
    expect(shown()).toEqual({ type: 's3', location: 'models' });
    await userEvent.clear(screen.getByLabelText('Storage location'));
    expect(shown()).toEqual({ type: 's3' });
  });

  it('starts on the S3 option when the form has no value yet', async () => {
    await renderInTestApp(<Form />);
    expect(
      screen.getByLabelText('S3, in a location the platform team configured'),
    ).toBeChecked();
    expect(screen.getByLabelText('Storage location')).toHaveValue('models');
    expect(shown()).toEqual({ type: 's3', location: 'models' });
  });
});
