/** Every subcommand of `alphabench`, in the order `--help` lists them. */
export const commands = [] as const
