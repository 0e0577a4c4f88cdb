import { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { JobNameField } from './JobNameField';

const WRONG =
  "Use lower-case letters, digits and '-', starting with a letter (and not ending with '-').";

/** The field in a form, as the scaffolder's Stepper holds it; Next submits. */
function Form(props: { initial?: string; onNext: (name?: string) => void }) {
  const [name, setName] = useState(props.initial);
  const fieldProps: any = {
    formData: name,
    onChange: setName,
    schema: {
      title: 'Job name',
      type: 'string',
      description: 'Lower-case letters, digits and "-".',
    },
    uiSchema: {},
    rawErrors: [],
    required: true,
    idSchema: { $id: 'root_name' },
  };
  return (
    <form
      onSubmit={e => {
        e.preventDefault();
        props.onNext(name);
      }}
    >
      <JobNameField {...fieldProps} />
      <button type="submit">Next</button>
    </form>
  );
}

describe('JobNameField', () => {
  it('explains a wrong name in words, refuses Next, and lets a corrected one through', async () => {
    const onNext = jest.fn();
    await renderInTestApp(<Form onNext={onNext} />);
    const input = screen.getByRole('textbox', { name: 'Job name' });

    await userEvent.type(input, 'Mnist_1');
    expect(screen.getByText(WRONG)).toBeInTheDocument();
    expect(screen.queryByText(/\^\[a-z\]/)).not.toBeInTheDocument();
    expect((input as HTMLInputElement).validationMessage).toBe(WRONG);
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(onNext).not.toHaveBeenCalled();

    await userEvent.clear(input);
    await userEvent.type(input, 'mnist-1');
    // Nothing of the refusal stays once the name is right.
    expect(screen.queryByText(WRONG)).not.toBeInTheDocument();
    expect(
      screen.getByText('Lower-case letters, digits and "-".'),
    ).toBeInTheDocument();
    expect((input as HTMLInputElement).validity.valid).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(onNext).toHaveBeenCalledWith('mnist-1');
  });

  it('flags a name from a relaunch that is too long, though typing stops at 40', async () => {
    await renderInTestApp(<Form initial={'a'.repeat(41)} onNext={jest.fn()} />);

    expect(
      screen.getByText(
        'At most 40 characters: names derived from it get suffixes.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Job name' })).toHaveAttribute(
      'maxlength',
      '40',
    );
  });

  it('leaves an empty name to the form, which requires one', async () => {
    const onNext = jest.fn();
    await renderInTestApp(<Form initial="x" onNext={onNext} />);
    const input = screen.getByRole('textbox', { name: 'Job name' });

    await userEvent.clear(input);
    expect(input).toBeRequired();
    await userEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(onNext).not.toHaveBeenCalled();
  });
});
