import { useAction } from '../hooks/useCommand';
import { ErrorText } from './ErrorText';

/** Resumes auto-replies to a chat paused for a reply loop; the banner goes when the engine says so. */
export function ReleaseChatButton({ phone, label }: { phone: string; label: string }) {
  const release = useAction('replies:release');
  return (
    <>
      <button
        type="button"
        className="btn btn-secondary btn-small"
        disabled={release.busy}
        onClick={() => void release.run({ phone })}
      >
        {label}
      </button>
      <ErrorText error={release.error} />
    </>
  );
}
