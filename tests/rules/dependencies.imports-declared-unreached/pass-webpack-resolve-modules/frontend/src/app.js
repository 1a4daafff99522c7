import Vue from "vue";
import Api from "common/api";
import Photos from "page/photos.vue";
