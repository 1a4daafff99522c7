# bash completion for readycheck
_readycheck()
{
  local cur prev words cword
  _init_completion || return
  local commands="check audit list-rules explain validate test-rules init model help version"
  local formats="text markdown json sarif junit github codequality html badge"
  case $prev in
    -f|--format) COMPREPLY=($(compgen -W "$formats" -- "$cur")); return ;;
    --report)
      if [[ $cur == *=* ]]; then _filedir; else
        COMPREPLY=($(compgen -S = -W "$formats" -- "$cur")); compopt -o nospace
      fi; return ;;
    --fail-on) COMPREPLY=($(compgen -W "block warn new" -- "$cur")); return ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
    -r|--rules|--config|--baseline) _filedir; return ;;
    --pack|--only|--skip|--var|--endpoint|-j|--jobs|--timeout|--min-score) return ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "--baseline --color --config --endpoint --fail-on
      --format --help --jobs --min-score --no-builtin --no-color --no-config
      --offline --only --pack --quiet --report --require-fixtures --rules
      --skip --timeout --var --verbose --version" -- "$cur"))
    return
  fi
  if [[ $cword -eq 1 ]]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
  fi
  _filedir -d
}
complete -F _readycheck readycheck
