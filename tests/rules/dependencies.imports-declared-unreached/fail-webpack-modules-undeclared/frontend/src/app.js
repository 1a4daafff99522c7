import Vue from "vue";
import Api from "common/api";
import debounce from "lodash/debounce";
