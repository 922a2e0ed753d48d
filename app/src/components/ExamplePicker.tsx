// The example picker: a native <select> (keyboard accessible by construction) plus the chosen example's summary.
import { EXAMPLES, findExample } from '../content/examples.ts';
import { useAppState, useDispatch } from '../store/Store.tsx';

export function ExamplePicker() {
  const { example } = useAppState();
  const dispatch = useDispatch();
  const current = findExample(example);
  return (
    <div className="picker">
      <label className="picker__label" htmlFor="example-picker">
        Example
      </label>
      <select
        id="example-picker"
        className="picker__select"
        value={example}
        data-testid="example-picker"
        onChange={(e) => dispatch({ kind: 'select-example', example: e.target.value })}
      >
        {EXAMPLES.map((e) => (
          <option key={e.meta.slug} value={e.meta.slug}>
            {e.meta.title}
          </option>
        ))}
      </select>
      {current && (
        <span className="picker__summary" title={current.meta.summary}>
          {current.meta.summary}
        </span>
      )}
    </div>
  );
}
