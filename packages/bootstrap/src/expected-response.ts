/**
 * The answer shape the LLM is asked for: a `{mode, settings}` wrapper filled with literal placeholders
 * (the same text as the original's `bootstrap_response_template`). A fresh object each call, so callers may not
 * change a shared one.
 */
export function expectedResponseTemplate(): Record<string, unknown> {
  return {
    mode: 'merge',
    settings: {
      project: {
        name: '[OPTIONAL_PROJECT_NAME]',
        description: '[OPTIONAL_PROJECT_DESCRIPTION]',
      },
      provider_accounts: [
        {
          provider_code: 'openai',
          display_name: 'OpenAI Main',
          account_ref: '[OPTIONAL_ACCOUNT_REF]',
          base_url: 'https://api.openai.com/v1',
          enabled: true,
          config_json: { model: 'gpt-image-1' },
        },
      ],
      style_guides: [
        {
          name: 'Core Style',
          instructions: 'Describe the visual style rules here.',
          notes: '[OPTIONAL_NOTES]',
        },
      ],
      characters: [
        {
          name: 'Hero Character',
          description: '[OPTIONAL_CHARACTER_DESCRIPTION]',
          prompt_text: 'Describe the character and visual constraints.',
        },
      ],
      reference_sets: [
        {
          name: 'Hero Faces',
          description: '[OPTIONAL_REFERENCE_SET_DESCRIPTION]',
          items: [
            {
              label: 'Hero closeup',
              content_uri: '[OPTIONAL_FILE_OR_HTTP_URI]',
              content_text: 'Short text reference notes for this item.',
              sort_order: 0,
              metadata_json: { source: 'manual' },
            },
          ],
        },
      ],
      secrets: [{ provider_code: 'openai', secret_name: 'api_key' }],
      prompt_templates: [
        {
          name: 'Cover Prompt',
          template_text: 'Write the reusable generation prompt text here.',
        },
      ],
    },
  };
}
